@testable import Campaign

/// The template language (a Mustache subset) and the Markdown petitions and
/// talking points are written in.
///
/// Input: a template, also read as Markdown. Invariants: parse errors and
/// placeholders name a line of the input; text without tags renders as
/// itself; in HTML mode nothing but the template's own text and trusted
/// markup can put a `<` on the page; Markdown's HTML holds only the tags it
/// means to write and links only with safe schemes.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = fuzzInput(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    let lineCount = Invariant.lineCount(text.utf8)
    checkMarkdown(text)

    let template: Template
    do {
        template = try Template(text, name: "script.en.md")
    } catch {
        let errors = Invariant.inputErrors(in: error)
        Invariant.require(errors != nil, "parsing threw \(error), not an InputError")
        for error in errors ?? [] {
            Invariant.requireInside(error.location, lineCount: lineCount, "parse error '\(error.message)'")
        }
        return 0
    }
    for placeholder in template.placeholders {
        Invariant.requireInside(placeholder.location, lineCount: lineCount, "placeholder \(placeholder.name)")
    }
    for partial in template.partials {
        Invariant.requireInside(partial.location, lineCount: lineCount, "partial \(partial.name)")
    }

    // Text without tags renders as itself, or escaped when escaping was asked for.
    let tagFree = !text.contains("{{")
    let candidates = [(template: template, tagFreeOutput: text, mayWriteMarkup: text.contains("<")),
                      (template: template.escapingLiteralText(), tagFreeOutput: HTMLEscaping.escape(text), mayWriteMarkup: false)]
    for strict in [false, true] {
        for mode in [TemplateRenderer.Mode.html, .plain] {
            let renderer = TemplateRenderer(mode: mode, strict: strict, partials: partial)
            for candidate in candidates {
                do {
                    let output = try renderer.render(candidate.template, context)
                    Invariant.require(!tagFree || output == candidate.tagFreeOutput,
                                      "tag-free text rendered as \(String(reflecting: output)), not \(String(reflecting: candidate.tagFreeOutput))")
                    Invariant.require(mode == .plain || candidate.mayWriteMarkup || !output.contains("<"),
                                      "a '<' reached HTML output from a value: \(String(reflecting: output))")
                } catch {
                    let errors = Invariant.inputErrors(in: error)
                    Invariant.require(errors != nil, "rendering threw \(error), not an InputError")
                    for error in errors ?? [] where error.location?.file == template.name {
                        Invariant.requireInside(error.location, lineCount: lineCount, "render error '\(error.message)'")
                    }
                }
            }
        }
    }
    return 0
}

/// Values like a call script's: supporter text with markup characters in it
/// (always escaped), trusted markup whose HTML holds no `<` so that its
/// reaching the page is not mistaken for a leak, lists and nesting.
private let context: TemplateValue = [
    "name": "Ana <b>\"&'</b>",
    "caller": ["name": "Ana", "zip": "98104", "empty": ""],
    "target": ["name": "<script>alert(1)</script>", "title": "Mayor", "phones": ["555-0100", "<555>"], "count": 2, "yes": true, "no": false],
    "petition": .markup(html: "&lt;p&gt;Fund housing", plain: "Fund housing <now>"),
    "items": [["label": "one"], ["label": "<two>"], "three"],
    "none": [],
]

/// Partials as a campaign folder supplies them: one that exists, one that
/// includes itself (the renderer must stop it), none for other names.
private let partial: @Sendable (String) throws -> Template? = { name in
    switch name {
    case "resolutions": try Template("Resolved: {{target.title}} {{#items}}{{label}}{{/items}}\n", name: "resolutions.en.md")
    case "loop": try Template("again {{> loop}}", name: "loop.en.md")
    default: nil
    }
}

// MARK: - Markdown

private let allowedTags = ["<p>", "</p>", "<br>", "<ul>", "</ul>", "<ol>", "<ol start=\"", "</ol>", "<li>", "</li>",
                           "<blockquote>", "</blockquote>", "<strong>", "</strong>", "<em>", "</em>", "<a href=\"", "</a>"]
    + (2...6).flatMap { ["<h\($0)>", "</h\($0)>"] }

/// Looks at bytes, as a browser does: a `<` followed by a combining mark is
/// still a tag to it, though not a `Character` of its own to Swift.
private func checkMarkdown(_ source: String) {
    let html = Array(Markdown.html(source).utf8)
    var index = 0
    while let open = html[index...].firstIndex(of: UInt8(ascii: "<")) {
        let rest = html[open...]
        guard let tag = allowedTags.first(where: { rest.starts(with: $0.utf8) }) else {
            fatalError("invariant broken: Markdown wrote a tag it should have escaped: \(String(reflecting: String(decoding: rest.prefix(40), as: UTF8.self)))")
        }
        index = open + tag.utf8.count
        if tag == "<a href=\"" {
            let url = String(decoding: html[index...].prefix { $0 != UInt8(ascii: "\"") }, as: UTF8.self).lowercased()
            Invariant.require(["http://", "https://", "mailto:", "tel:"].contains(where: { url.utf8.starts(with: $0.utf8) }), "Markdown linked to \(String(reflecting: url))")
        }
    }
    _ = Markdown.plain(source)
}
