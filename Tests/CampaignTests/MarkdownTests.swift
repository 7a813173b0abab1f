import Testing
@testable import Campaign

@Suite struct MarkdownTests {
    @Test func rendersParagraphsListsAndEmphasis() {
        let source = "***español abajo***\n\nWe call on you to ensure:\n\n1) That there is **no** coordination;\n2) That *residents* can access IJLS.\n\n- one\n- two"
        #expect(Markdown.html(source) == """
            <p><strong><em>español abajo</em></strong></p>
            <p>We call on you to ensure:</p>
            <ol><li>That there is <strong>no</strong> coordination;</li><li>That <em>residents</em> can access IJLS.</li></ol>
            <ul><li>one</li><li>two</li></ul>
            """)
        #expect(Markdown.plain(source) == "español abajo\n\nWe call on you to ensure:\n\n1. That there is no coordination;\n2. That *residents* can access IJLS.\n\n• one\n• two")
    }

    @Test func escapesHTMLAndKeepsOnlySafeLinks() {
        #expect(Markdown.html("<script>alert(1)</script> & \"x\"") == "<p>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</p>")
        #expect(Markdown.html("[DC Council](https://dccouncil.gov/?a=1&b=2)") == "<p><a href=\"https://dccouncil.gov/?a=1&amp;b=2\">DC Council</a></p>")
        #expect(Markdown.html("[click](javascript:alert(1))") == "<p>click</p>")
        #expect(Markdown.html("[call](tel:+12062639600)") == "<p><a href=\"tel:+12062639600\">call</a></p>")
    }

    @Test func keepsWordsWithUnderscoresAndLoneStars() {
        #expect(Markdown.html("snake_case_name and 5 * 3") == "<p>snake_case_name and 5 * 3</p>")
    }

    @Test func headingsAndQuotes() {
        #expect(Markdown.html("# Why?\n> quoted\n> more") == "<h2>Why?</h2>\n<blockquote><p>quoted<br>\nmore</p></blockquote>")
    }
}
