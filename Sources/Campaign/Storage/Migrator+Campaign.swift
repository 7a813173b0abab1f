extension Migrator {
    /// The schema of `campaign`, version by version. Add a migration at the
    /// end; never edit one that has shipped.
    public static let campaign = Migrator([
        Migration(version: 1, name: "directory", sql: """
            CREATE TABLE jurisdictions (
                id TEXT PRIMARY KEY,                 -- Open Civic Data id
                name TEXT NOT NULL,
                kind TEXT NOT NULL,
                parent_id TEXT REFERENCES jurisdictions(id) ON DELETE RESTRICT
            );
            CREATE INDEX jurisdictions_parent ON jurisdictions(parent_id);

            CREATE TABLE districts (
                id INTEGER PRIMARY KEY,
                jurisdiction_id TEXT NOT NULL REFERENCES jurisdictions(id) ON DELETE CASCADE,
                code TEXT NOT NULL,                  -- "2", "7": what offices name
                name TEXT NOT NULL,                  -- "Ward 2"
                kind TEXT NOT NULL,                  -- ward, council-district, …
                boundary TEXT,                       -- GeoJSON geometry, lon/lat
                source TEXT NOT NULL DEFAULT '',
                UNIQUE (jurisdiction_id, code)
            );

            CREATE TABLE district_zips (
                district_id INTEGER NOT NULL REFERENCES districts(id) ON DELETE CASCADE,
                zip TEXT NOT NULL,
                PRIMARY KEY (zip, district_id)
            ) WITHOUT ROWID;
            CREATE INDEX district_zips_district ON district_zips(district_id);

            -- ZIPs that lie in a jurisdiction without saying which district.
            CREATE TABLE jurisdiction_zips (
                jurisdiction_id TEXT NOT NULL REFERENCES jurisdictions(id) ON DELETE CASCADE,
                zip TEXT NOT NULL,
                PRIMARY KEY (zip, jurisdiction_id)
            ) WITHOUT ROWID;

            CREATE TABLE offices (
                id TEXT PRIMARY KEY,                 -- derived from the three below
                jurisdiction_id TEXT NOT NULL REFERENCES jurisdictions(id) ON DELETE RESTRICT,
                role TEXT NOT NULL,
                seat TEXT NOT NULL DEFAULT '',
                district_code TEXT,                  -- the district the seat represents
                UNIQUE (jurisdiction_id, role, seat)
            );

            CREATE TABLE office_titles (
                office_id TEXT NOT NULL REFERENCES offices(id) ON DELETE CASCADE,
                locale TEXT NOT NULL,
                title TEXT NOT NULL,
                PRIMARY KEY (office_id, locale)
            ) WITHOUT ROWID;

            CREATE TABLE officials (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                sort_name TEXT NOT NULL,
                party TEXT,
                pronouns TEXT,
                office_id TEXT NOT NULL REFERENCES offices(id) ON DELETE RESTRICT,
                term_start TEXT,
                term_end TEXT,
                source TEXT NOT NULL,
                verified_on TEXT                     -- ISO date, reduced precision allowed
            );
            CREATE INDEX officials_office ON officials(office_id);

            CREATE TABLE official_titles (
                official_id TEXT NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
                locale TEXT NOT NULL,
                title TEXT NOT NULL,
                PRIMARY KEY (official_id, locale)
            ) WITHOUT ROWID;

            CREATE TABLE contacts (
                id INTEGER PRIMARY KEY,
                official_id TEXT REFERENCES officials(id) ON DELETE CASCADE,
                office_id TEXT REFERENCES offices(id) ON DELETE CASCADE,
                position INTEGER NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('phone', 'email', 'web', 'address')),
                value TEXT NOT NULL,                 -- E.164 for phones
                display TEXT NOT NULL,               -- as printed
                label TEXT NOT NULL DEFAULT '',
                hours TEXT NOT NULL DEFAULT '',
                note TEXT NOT NULL DEFAULT '',
                source TEXT NOT NULL,
                verified_on TEXT,
                CHECK ((official_id IS NULL) <> (office_id IS NULL))
            );
            CREATE INDEX contacts_official ON contacts(official_id, position);
            CREATE INDEX contacts_office ON contacts(office_id, position);
            """),
        Migration(version: 2, name: "campaigns", sql: """
            -- A campaign outlives its versions: signatures and call outcomes
            -- belong to the campaign, so republishing keeps them.
            CREATE TABLE campaigns (
                id INTEGER PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE,
                status TEXT NOT NULL CHECK (status IN ('draft', 'live', 'closed')),
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );

            CREATE TABLE campaign_versions (
                campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                version INTEGER NOT NULL,
                published_at TEXT NOT NULL,
                files TEXT NOT NULL,                 -- JSON object: file name to text
                PRIMARY KEY (campaign_id, version)
            ) WITHOUT ROWID;
            """),
        Migration(version: 3, name: "signatures and call reports", sql: """
            -- One signature per person per campaign: the UNIQUE constraint on
            -- the canonical e-mail is what prevents duplicates, not a check
            -- made before inserting.
            CREATE TABLE signatures (
                id INTEGER PRIMARY KEY,
                campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
                name TEXT NOT NULL,
                email TEXT NOT NULL,
                canonical_email TEXT NOT NULL,
                zip TEXT NOT NULL,
                reason TEXT NOT NULL DEFAULT '',
                locale TEXT NOT NULL,
                consent_public INTEGER NOT NULL DEFAULT 0,
                consent_share_email INTEGER NOT NULL DEFAULT 0,
                consent_updates INTEGER NOT NULL DEFAULT 0,
                state TEXT NOT NULL CHECK (state IN ('pending', 'validated', 'invalidated')),
                suspect INTEGER NOT NULL DEFAULT 0,     -- over the rate limit: kept, not counted
                created_at TEXT NOT NULL,
                confirmation_token TEXT,                -- hash of the token mailed to the signer
                unsubscribe_token TEXT NOT NULL,
                UNIQUE (campaign_id, canonical_email)
            );
            CREATE INDEX signatures_public ON signatures(campaign_id, consent_public, id);

            -- Counted signatures per campaign, kept in the same transaction as
            -- the signatures, so a count is never a COUNT(*) per request.
            CREATE TABLE signature_counts (
                campaign_id INTEGER PRIMARY KEY REFERENCES campaigns(id) ON DELETE CASCADE,
                count INTEGER NOT NULL
            );

            CREATE TABLE call_reports (
                id INTEGER PRIMARY KEY,
                campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE RESTRICT,
                target TEXT NOT NULL,                   -- official id, or office id for an unheld office
                outcome TEXT NOT NULL CHECK (outcome IN ('reached', 'voicemail', 'busy', 'skipped')),
                suspect INTEGER NOT NULL DEFAULT 0,
                created_at TEXT NOT NULL
            );

            CREATE TABLE call_counts (
                campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                target TEXT NOT NULL,
                outcome TEXT NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (campaign_id, target, outcome)
            ) WITHOUT ROWID;
            """),
        Migration(version: 4, name: "server secrets", sql: """
            -- Keys the server signs with (CSRF tokens), kept so that forms
            -- opened before a restart still work after it.
            CREATE TABLE server_secrets (
                name TEXT PRIMARY KEY,
                value BLOB NOT NULL
            ) WITHOUT ROWID;
            """),
        Migration(version: 5, name: "delivery", sql: """
            -- The order in which signatures started to count (on signing, or on
            -- confirming the e-mail address later): digests take windows of it,
            -- so a signature confirmed late is neither skipped nor repeated.
            ALTER TABLE signatures ADD COLUMN validated_seq INTEGER;
            ALTER TABLE signatures ADD COLUMN validated_at TEXT;
            ALTER TABLE signatures ADD COLUMN unsubscribed_at TEXT;
            -- The district the signer chose when their ZIP did not settle it.
            ALTER TABLE signatures ADD COLUMN district TEXT NOT NULL DEFAULT '';
            -- The language an official is written to in, when not the campaign's.
            ALTER TABLE officials ADD COLUMN language TEXT;
            UPDATE signatures SET validated_seq = id, validated_at = created_at WHERE state = 'validated' AND suspect = 0;
            CREATE UNIQUE INDEX signatures_validated_seq ON signatures(validated_seq) WHERE validated_seq IS NOT NULL;
            CREATE INDEX signatures_campaign_seq ON signatures(campaign_id, validated_seq);
            CREATE UNIQUE INDEX signatures_confirmation ON signatures(confirmation_token) WHERE confirmation_token IS NOT NULL;
            CREATE UNIQUE INDEX signatures_unsubscribe ON signatures(unsubscribe_token);

            -- Every message is written here first; a sender drains it. A message
            -- is marked 'sending' before it goes and 'sent' after, so a crash
            -- repeats at most the one in flight.
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY,
                key TEXT NOT NULL UNIQUE,            -- what the message is, so it is queued once
                kind TEXT NOT NULL,                  -- confirmation, organizer-digest, official-digest, test
                campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL,
                sender TEXT NOT NULL,                -- envelope from
                recipient TEXT NOT NULL,             -- envelope to: one per message
                subject TEXT NOT NULL,
                message BLOB NOT NULL,               -- RFC 5322 bytes, CRLF line ends
                state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at TEXT NOT NULL,
                last_error TEXT NOT NULL DEFAULT '',
                claimed_by TEXT,                     -- the sender holding it while 'sending'
                created_at TEXT NOT NULL,
                sent_at TEXT
            );
            CREATE INDEX outbox_due ON outbox(state, next_attempt_at, id);

            -- Organizers' API tokens, stored only as hashes.
            CREATE TABLE organizer_tokens (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                token_hash TEXT NOT NULL UNIQUE,
                created_at TEXT NOT NULL,
                last_used_at TEXT,
                revoked_at TEXT
            );

            -- Each digest sent, with the window it covered: signatures with
            -- after_seq < validated_seq <= through_seq, call reports with
            -- after_call < id <= through_call. The next starts where it ended.
            CREATE TABLE digests (
                id INTEGER PRIMARY KEY,
                campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                audience TEXT NOT NULL,              -- 'organizers', or an official's id
                after_seq INTEGER NOT NULL,
                through_seq INTEGER NOT NULL,
                after_call INTEGER NOT NULL,
                through_call INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                UNIQUE (campaign_id, audience, after_seq, after_call)
            );
            CREATE INDEX digests_latest ON digests(campaign_id, audience, id);
            """),
        Migration(version: 6, name: "mail drafts", sql: """
            -- A message written from the templates when it is sent: its
            -- headers and links as JSON, and an empty message until then.
            ALTER TABLE outbox ADD COLUMN draft TEXT;
            """),
        Migration(version: 7, name: "site generation", sql: """
            CREATE TABLE site_generation (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                generation INTEGER NOT NULL
            );
            INSERT INTO site_generation (id, generation) VALUES (1, 0);
            CREATE TRIGGER jurisdictions_insert_site AFTER INSERT ON jurisdictions BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER jurisdictions_update_site AFTER UPDATE ON jurisdictions BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER jurisdictions_delete_site AFTER DELETE ON jurisdictions BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER districts_insert_site AFTER INSERT ON districts BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER districts_update_site AFTER UPDATE ON districts BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER districts_delete_site AFTER DELETE ON districts BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER district_zips_insert_site AFTER INSERT ON district_zips BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER district_zips_update_site AFTER UPDATE ON district_zips BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER district_zips_delete_site AFTER DELETE ON district_zips BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER jurisdiction_zips_insert_site AFTER INSERT ON jurisdiction_zips BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER jurisdiction_zips_update_site AFTER UPDATE ON jurisdiction_zips BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER jurisdiction_zips_delete_site AFTER DELETE ON jurisdiction_zips BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER offices_insert_site AFTER INSERT ON offices BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER offices_update_site AFTER UPDATE ON offices BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER offices_delete_site AFTER DELETE ON offices BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER office_titles_insert_site AFTER INSERT ON office_titles BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER office_titles_update_site AFTER UPDATE ON office_titles BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER office_titles_delete_site AFTER DELETE ON office_titles BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER officials_insert_site AFTER INSERT ON officials BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER officials_update_site AFTER UPDATE ON officials BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER officials_delete_site AFTER DELETE ON officials BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER official_titles_insert_site AFTER INSERT ON official_titles BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER official_titles_update_site AFTER UPDATE ON official_titles BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER official_titles_delete_site AFTER DELETE ON official_titles BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER contacts_insert_site AFTER INSERT ON contacts BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER contacts_update_site AFTER UPDATE ON contacts BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER contacts_delete_site AFTER DELETE ON contacts BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER campaigns_insert_site AFTER INSERT ON campaigns BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER campaigns_update_site AFTER UPDATE ON campaigns BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER campaigns_delete_site AFTER DELETE ON campaigns BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER campaign_versions_insert_site AFTER INSERT ON campaign_versions BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER campaign_versions_update_site AFTER UPDATE ON campaign_versions BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER campaign_versions_delete_site AFTER DELETE ON campaign_versions BEGIN UPDATE site_generation SET generation = generation + 1; END;
            """),
        Migration(version: 8, name: "confirmations waiting for the outbox", sql: """
            -- The token of a confirmation mail not yet written into the outbox.
            -- Signing stores only this, with the signature; the server writes
            -- the mail at the pace mail can leave, not at the pace of signing.
            ALTER TABLE signatures ADD COLUMN confirmation_mail TEXT;
            CREATE INDEX signatures_confirmation_mail ON signatures(id) WHERE confirmation_mail IS NOT NULL;
            -- Digests read windows of validated_seq; a signature waiting for
            -- its confirmation has none, and need not be in the index.
            DROP INDEX signatures_campaign_seq;
            CREATE INDEX signatures_campaign_seq ON signatures(campaign_id, validated_seq) WHERE validated_seq IS NOT NULL;
            """),
        Migration(version: 9, name: "public reasons index", sql: """
            -- The reasons pages read the newest public reasons of counted
            -- signatures. Indexed by consent alone, the read stepped over
            -- every signature without a reason or still waiting for its
            -- confirmation: after a surge of such signers, a scan of hundreds
            -- of thousands of rows each time the cached reasons expired.
            -- Holding only the rows it shows, the index is read for just
            -- the page, and a signature that is not shown costs it nothing.
            DROP INDEX signatures_public;
            CREATE INDEX signatures_reasons ON signatures(campaign_id, id)
                WHERE consent_public = 1 AND state = 'validated' AND suspect = 0 AND reason <> '';
            """),
        Migration(version: 10, name: "confirmation links found by their unsubscribe token", sql: """
            -- A confirmation link now carries the signature's unsubscribe
            -- token, which is indexed anyway, and a secret, whose hash is kept
            -- here, unindexed: each signature stored one index entry fewer.
            -- Links mailed before keep their hash in confirmation_token and
            -- its index, which a new signature leaves out (NULL).
            ALTER TABLE signatures ADD COLUMN confirmation_hash TEXT;
            """),
        Migration(version: 11, name: "sequences, campaign versions and named booleans", sql: """
            -- The order in which signatures start to count, kept as a number of
            -- its own and moved on in the writer's transaction, rather than
            -- read as MAX(validated_seq) + 1 from the signatures each time.
            CREATE TABLE sequences (
                name TEXT PRIMARY KEY,
                value INTEGER NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO sequences (name, value) SELECT 'validated_seq', COALESCE(MAX(validated_seq), 0) FROM signatures;

            -- A campaign's newest version, moved on as it is published.
            ALTER TABLE campaigns ADD COLUMN latest_version INTEGER NOT NULL DEFAULT 0;
            UPDATE campaigns SET latest_version = (SELECT COALESCE(MAX(version), 0) FROM campaign_versions WHERE campaign_id = campaigns.id);

            -- The reasons index with its conditions spelled TRUE and FALSE, as
            -- the queries that must match it now are.
            DROP INDEX signatures_reasons;
            CREATE INDEX signatures_reasons ON signatures(campaign_id, id)
                WHERE consent_public = TRUE AND state = 'validated' AND suspect = FALSE AND reason <> '';
            """),
        Migration(version: 12, name: "the name shown beside a public reason", sql: """
            -- The name a signer chose to show beside a public reason, shown
            -- and nothing else of their name. Signatures from before the
            -- choice show the first word of their name, as they did; a
            -- no-break, narrow no-break or ideographic space, or a tab, now
            -- ends that word as a plain space does.
            ALTER TABLE signatures ADD COLUMN public_name TEXT NOT NULL DEFAULT '';
            UPDATE signatures SET public_name = (
                SELECT CASE WHEN instr(spaced, ' ') > 0 THEN substr(spaced, 1, instr(spaced, ' ') - 1) ELSE spaced END
                FROM (SELECT replace(replace(replace(replace(signatures.name, char(160), ' '), char(8239), ' '), char(12288), ' '), char(9), ' ')
                          AS spaced)
            );
            """),
        Migration(version: 13, name: "unsubscribe tokens stored as hashes", sql: """
            -- Unsubscribe tokens are kept as hashes, as every other token is,
            -- so the database alone unsubscribes nobody. The hash keeps a
            -- token's leading time (12 hex digits and a dot), so the index
            -- stays in order (SignerToken.storedHash); a token without one is
            -- hashed whole. Mail already sent keeps working: its token hashes
            -- to what is stored.
            --
            -- A confirmation mail not yet written into the outbox needs the
            -- token itself for its links: confirmation_mail now holds the
            -- whole link token (the unsubscribe token, a tilde, the secret)
            -- until the mail is written. One waiting from before links
            -- carried the unsubscribe token becomes a link of today's shape,
            -- with its old token as the secret.
            UPDATE signatures SET confirmation_hash = sha256_hex(confirmation_mail), confirmation_token = NULL
                WHERE confirmation_mail IS NOT NULL AND confirmation_hash IS NULL;
            UPDATE signatures SET confirmation_mail = unsubscribe_token || '~' || confirmation_mail
                WHERE confirmation_mail IS NOT NULL;
            UPDATE signatures SET unsubscribe_token = CASE
                WHEN length(unsubscribe_token) > 12 AND substr(unsubscribe_token, 13, 1) = '.'
                    AND substr(unsubscribe_token, 1, 12) NOT GLOB '*[^0-9a-f]*'
                THEN substr(unsubscribe_token, 1, 13) || sha256_hex(unsubscribe_token)
                ELSE sha256_hex(unsubscribe_token)
            END;
            """),
        Migration(version: 14, name: "consent kept after unsubscribing, suspect signatures to settle", sql: """
            -- When the signer agreed to hear about the campaign. Unsubscribing
            -- used to clear consent_updates; now it sets only unsubscribed_at,
            -- so both when consent was given and when it was withdrawn are
            -- kept. A signer who unsubscribed before this lost the record of
            -- consenting: their time stays NULL, as not known.
            ALTER TABLE signatures ADD COLUMN consent_updates_at TEXT;
            UPDATE signatures SET consent_updates_at = created_at WHERE consent_updates = TRUE;

            -- Signatures kept as suspect (over the rate limit) wait for an
            -- organizer to approve or reject them; they are few, and listed
            -- by campaign.
            CREATE INDEX signatures_suspect ON signatures(campaign_id, id) WHERE suspect = TRUE;
            """),
        Migration(version: 15, name: "external identifiers", sql: """
            -- Ids other registries give a person or a place (Open States'
            -- ocd-person id, a Popolo file's own ids, a Wikidata item): a
            -- re-import finds its records by them, so a record keeps its
            -- slug when its name changes at the source.
            CREATE TABLE official_identifiers (
                official_id TEXT NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
                scheme TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (official_id, scheme, value)
            ) WITHOUT ROWID;
            CREATE INDEX official_identifiers_value ON official_identifiers(scheme, value);

            CREATE TABLE jurisdiction_identifiers (
                jurisdiction_id TEXT NOT NULL REFERENCES jurisdictions(id) ON DELETE CASCADE,
                scheme TEXT NOT NULL,
                value TEXT NOT NULL,
                PRIMARY KEY (jurisdiction_id, scheme, value)
            ) WITHOUT ROWID;
            CREATE INDEX jurisdiction_identifiers_value ON jurisdiction_identifiers(scheme, value);
            """),
        Migration(version: 16, name: "organizer edits kept over re-imports", sql: """
            -- Fields of an official an organizer changed by hand (`campaign
            -- officials edit`): a re-import keeps their value and reports a file
            -- that gives another. source_value is what the source last gave
            -- (NULL for none), for the organizer to take back.
            CREATE TABLE official_local_fields (
                official_id TEXT NOT NULL REFERENCES officials(id) ON DELETE CASCADE,
                field TEXT NOT NULL,                 -- name, term-end, title:es, …
                source_value TEXT,
                PRIMARY KEY (official_id, field)
            ) WITHOUT ROWID;

            -- Contacts an organizer added by hand survive an import, which
            -- replaces only the contacts its files gave.
            ALTER TABLE contacts ADD COLUMN origin TEXT NOT NULL DEFAULT 'imported' CHECK (origin IN ('imported', 'local'));
            """),
        Migration(version: 17, name: "district boundary boxes", sql: """
            -- The box around each district's boundary, in degrees, NULL where
            -- there is no boundary. A lookup of a point reads the boxes from
            -- an index and parses only the boundaries whose box holds the
            -- point, not every boundary stored; the rest of a district's row
            -- (its boundary runs to megabytes) is not read at all.
            ALTER TABLE districts ADD COLUMN min_longitude REAL;
            ALTER TABLE districts ADD COLUMN min_latitude REAL;
            ALTER TABLE districts ADD COLUMN max_longitude REAL;
            ALTER TABLE districts ADD COLUMN max_latitude REAL;
            -- In stored GeoJSON the only numbers under "coordinates" are
            -- positions: longitude first (key 0), latitude second (key 1).
            UPDATE districts SET
                min_longitude = (SELECT MIN(value) FROM json_tree(boundary, '$.coordinates') WHERE key = 0 AND type IN ('integer', 'real')),
                max_longitude = (SELECT MAX(value) FROM json_tree(boundary, '$.coordinates') WHERE key = 0 AND type IN ('integer', 'real')),
                min_latitude = (SELECT MIN(value) FROM json_tree(boundary, '$.coordinates') WHERE key = 1 AND type IN ('integer', 'real')),
                max_latitude = (SELECT MAX(value) FROM json_tree(boundary, '$.coordinates') WHERE key = 1 AND type IN ('integer', 'real'))
                WHERE boundary IS NOT NULL;
            CREATE INDEX districts_box ON districts(min_longitude, max_longitude, min_latitude, max_latitude) WHERE boundary IS NOT NULL;
            -- Which jurisdictions a point is always found in, without reading a boundary.
            CREATE INDEX districts_bounded ON districts(jurisdiction_id) WHERE boundary IS NOT NULL;
            """),
        Migration(version: 18, name: "how each signer's district was known", sql: """
            -- How a signer's or caller's district was known: chosen on the
            -- form, located by their browser, geocoded from the street address
            -- they typed, or only their ZIP code. `districts` lists the
            -- districts the place lies in, or (for a ZIP code alone) may lie
            -- in, as "jurisdiction-id#code" separated by spaces. The address
            -- and the point are used to find them and never stored.
            ALTER TABLE signatures ADD COLUMN district_method TEXT NOT NULL DEFAULT 'zip'
                CHECK (district_method IN ('chosen', 'located', 'geocoded', 'zip'));
            ALTER TABLE signatures ADD COLUMN districts TEXT NOT NULL DEFAULT '';
            UPDATE signatures SET district_method = 'chosen' WHERE district <> '';
            -- Calls are counted for the caller's officials the same way.
            ALTER TABLE call_reports ADD COLUMN zip TEXT NOT NULL DEFAULT '';
            ALTER TABLE call_reports ADD COLUMN district_method TEXT NOT NULL DEFAULT 'zip'
                CHECK (district_method IN ('chosen', 'located', 'geocoded', 'zip'));
            ALTER TABLE call_reports ADD COLUMN districts TEXT NOT NULL DEFAULT '';
            """),
        Migration(version: 19, name: "the directory in its places' languages", sql: """
            -- The language a jurisdiction's officials are written to when the
            -- directory gives none of their own ("es"), as officials.language;
            -- a ward without one takes its city's.
            ALTER TABLE jurisdictions ADD COLUMN language TEXT;
            -- Names of places in other languages than the stored one, by
            -- locale key ("es", "zh-hans"): pages show the name in their
            -- language when there is one.
            CREATE TABLE jurisdiction_names (
                jurisdiction_id TEXT NOT NULL REFERENCES jurisdictions(id) ON DELETE CASCADE,
                locale TEXT NOT NULL,
                name TEXT NOT NULL,
                PRIMARY KEY (jurisdiction_id, locale)
            ) WITHOUT ROWID;
            CREATE TABLE district_names (
                district_id INTEGER NOT NULL REFERENCES districts(id) ON DELETE CASCADE,
                locale TEXT NOT NULL,
                name TEXT NOT NULL,
                PRIMARY KEY (district_id, locale)
            ) WITHOUT ROWID;
            -- Pages show them: a change moves the site generation, as a change to a jurisdiction or district does.
            CREATE TRIGGER jurisdiction_names_insert_site AFTER INSERT ON jurisdiction_names BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER jurisdiction_names_update_site AFTER UPDATE ON jurisdiction_names BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER jurisdiction_names_delete_site AFTER DELETE ON jurisdiction_names BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER district_names_insert_site AFTER INSERT ON district_names BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER district_names_update_site AFTER UPDATE ON district_names BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER district_names_delete_site AFTER DELETE ON district_names BEGIN UPDATE site_generation SET generation = generation + 1; END;
            """),
        Migration(version: 20, name: "rate limits counted across servers", sql: """
            -- What each server counted per client and window, so that servers
            -- sharing one database hold each client to one limit. The client
            -- is a keyed hash of its network, never its address.
            CREATE TABLE rate_limit_counts (
                scope TEXT NOT NULL,                 -- sign, call, geocode
                client TEXT NOT NULL,
                window_start INTEGER NOT NULL,       -- seconds, a multiple of the window
                server TEXT NOT NULL,                -- the process that counted
                count INTEGER NOT NULL,
                PRIMARY KEY (scope, client, window_start, server)
            ) WITHOUT ROWID;
            """, postgres: """
            CREATE TABLE rate_limit_counts (
                scope TEXT COLLATE "C" NOT NULL,
                client TEXT COLLATE "C" NOT NULL,
                window_start BIGINT NOT NULL,
                server TEXT COLLATE "C" NOT NULL,
                count BIGINT NOT NULL,
                PRIMARY KEY (scope, client, window_start, server)
            );
            """),
        Migration(version: 21, name: "rate limits read as they change", sql: """
            -- When each count was last stored, by the database's clock: a
            -- server reads what changed since it last looked, not every
            -- client of the window each time.
            ALTER TABLE rate_limit_counts ADD COLUMN changed_at INTEGER NOT NULL DEFAULT 0; -- milliseconds
            CREATE INDEX rate_limit_counts_changed ON rate_limit_counts (scope, changed_at);
            """, postgres: """
            ALTER TABLE rate_limit_counts ADD COLUMN changed_at BIGINT NOT NULL DEFAULT 0;
            CREATE INDEX rate_limit_counts_changed ON rate_limit_counts (scope, changed_at);
            """),
        Migration(version: 22, name: "moderated reasons", sql: """
            -- Whether a signer's reason may be shown: 'shown' (on public
            -- pages, when the signer agreed, and in officials' packets and
            -- digests), 'held' (waiting for an organizer: the campaign holds
            -- every reason, or it matched a held word) or 'hidden' (an
            -- organizer took it down). Reasons given before were shown.
            ALTER TABLE signatures ADD COLUMN reason_state TEXT NOT NULL DEFAULT 'shown';
            -- When an organizer last decided, and who ('cli', or a token's name).
            ALTER TABLE signatures ADD COLUMN reason_decided_at TEXT;
            ALTER TABLE signatures ADD COLUMN reason_decided_by TEXT;
            -- The reasons pages read only shown reasons; the index holds just those.
            DROP INDEX signatures_reasons;
            CREATE INDEX signatures_reasons ON signatures(campaign_id, id)
                WHERE consent_public = TRUE AND state = 'validated' AND suspect = FALSE AND reason <> '' AND reason_state = 'shown';
            -- What waits for review, read by `campaign reasons SLUG --held`.
            CREATE INDEX signatures_reasons_held ON signatures(campaign_id, id) WHERE reason_state = 'held';
            """, postgres: """
            ALTER TABLE signatures ADD COLUMN reason_state TEXT COLLATE "C" NOT NULL DEFAULT 'shown';
            ALTER TABLE signatures ADD COLUMN reason_decided_at TEXT COLLATE "C";
            ALTER TABLE signatures ADD COLUMN reason_decided_by TEXT COLLATE "C";
            DROP INDEX signatures_reasons;
            CREATE INDEX signatures_reasons ON signatures(campaign_id, id)
                WHERE consent_public = TRUE AND state = 'validated' AND suspect = FALSE AND reason <> '' AND reason_state = 'shown';
            CREATE INDEX signatures_reasons_held ON signatures(campaign_id, id) WHERE reason_state = 'held';
            """),
        Migration(version: 23, name: "deliveries and responses", sql: """
            -- A packet handed to an office: when, how many signatures it
            -- held (the official's constituents as the packet counts them),
            -- and the SHA-256 of the file given, so the organizers can show
            -- later which packet it was. The official's name is kept as it
            -- was: the directory may drop them after their term.
            CREATE TABLE deliveries (
                id INTEGER PRIMARY KEY,
                campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                official_id TEXT NOT NULL,
                official_name TEXT NOT NULL,
                delivered_on TEXT NOT NULL,          -- YYYY-MM-DD
                signatures INTEGER NOT NULL,
                possible INTEGER NOT NULL DEFAULT 0, -- signers whose ZIP code spans the district and others
                note TEXT NOT NULL DEFAULT '',
                packet_name TEXT,
                packet_sha256 TEXT,
                recorded_at TEXT NOT NULL
            );
            CREATE INDEX deliveries_campaign ON deliveries(campaign_id, delivered_on);

            -- An official's answer, Markdown per locale; one per official and
            -- campaign, which a correction replaces.
            CREATE TABLE responses (
                id INTEGER PRIMARY KEY,
                campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                official_id TEXT NOT NULL,
                official_name TEXT NOT NULL,
                responded_on TEXT NOT NULL,          -- YYYY-MM-DD
                texts TEXT NOT NULL,                 -- JSON object: locale to Markdown
                recorded_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (campaign_id, official_id)
            );

            -- Unsubscribe links of mail sent after the confirmation: the
            -- signature keeps only the hash of its own token, so each later
            -- mail carries a token of its own, kept here as a hash too.
            CREATE TABLE signer_mail_tokens (
                token_hash TEXT PRIMARY KEY,
                signature_id INTEGER NOT NULL REFERENCES signatures(id) ON DELETE CASCADE
            ) WITHOUT ROWID;
            CREATE INDEX signer_mail_tokens_signature ON signer_mail_tokens(signature_id);

            -- Campaign pages show both: a change moves the site generation.
            CREATE TRIGGER deliveries_insert_site AFTER INSERT ON deliveries BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER deliveries_update_site AFTER UPDATE ON deliveries BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER deliveries_delete_site AFTER DELETE ON deliveries BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER responses_insert_site AFTER INSERT ON responses BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER responses_update_site AFTER UPDATE ON responses BEGIN UPDATE site_generation SET generation = generation + 1; END;
            CREATE TRIGGER responses_delete_site AFTER DELETE ON responses BEGIN UPDATE site_generation SET generation = generation + 1; END;
            """, postgres: """
            CREATE TABLE deliveries (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                official_id TEXT COLLATE "C" NOT NULL,
                official_name TEXT COLLATE "C" NOT NULL,
                delivered_on TEXT COLLATE "C" NOT NULL,
                signatures BIGINT NOT NULL,
                possible BIGINT NOT NULL DEFAULT 0,
                note TEXT COLLATE "C" NOT NULL DEFAULT '',
                packet_name TEXT COLLATE "C",
                packet_sha256 TEXT COLLATE "C",
                recorded_at TEXT COLLATE "C" NOT NULL
            );
            CREATE INDEX deliveries_campaign ON deliveries(campaign_id, delivered_on);
            CREATE TABLE responses (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                official_id TEXT COLLATE "C" NOT NULL,
                official_name TEXT COLLATE "C" NOT NULL,
                responded_on TEXT COLLATE "C" NOT NULL,
                texts TEXT COLLATE "C" NOT NULL,
                recorded_at TEXT COLLATE "C" NOT NULL,
                updated_at TEXT COLLATE "C" NOT NULL,
                UNIQUE (campaign_id, official_id)
            );
            CREATE TABLE signer_mail_tokens (
                token_hash TEXT COLLATE "C" PRIMARY KEY,
                signature_id BIGINT NOT NULL REFERENCES signatures(id) ON DELETE CASCADE
            );
            CREATE INDEX signer_mail_tokens_signature ON signer_mail_tokens(signature_id);
            CREATE TRIGGER deliveries_site AFTER INSERT OR UPDATE OR DELETE ON deliveries FOR EACH STATEMENT EXECUTE FUNCTION campaign_site_changed();
            CREATE TRIGGER responses_site AFTER INSERT OR UPDATE OR DELETE ON responses FOR EACH STATEMENT EXECUTE FUNCTION campaign_site_changed();
            """),
        Migration(version: 24, name: "signers erased on request and after retention", sql: """
            -- When a campaign closed, from which its retention period
            -- (retain_days_after_close) runs; closed ones so far take their
            -- last change as the time.
            ALTER TABLE campaigns ADD COLUMN closed_at TEXT;
            UPDATE campaigns SET closed_at = updated_at WHERE status = 'closed';
            -- A signature whose personal data was erased keeps its place in
            -- the counts, its ZIP code and districts, and its consent history.
            ALTER TABLE signatures ADD COLUMN erased_at TEXT;
            -- Each erasure, never whose: how many rows it erased, and where.
            CREATE TABLE erasures (
                id INTEGER PRIMARY KEY,
                erased_at TEXT NOT NULL,
                cause TEXT NOT NULL CHECK (cause IN ('request', 'retention')),
                signatures INTEGER NOT NULL,
                messages INTEGER NOT NULL
            );
            CREATE TABLE erasure_campaigns (
                erasure_id INTEGER NOT NULL REFERENCES erasures(id) ON DELETE CASCADE,
                campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                signatures INTEGER NOT NULL,
                PRIMARY KEY (erasure_id, campaign_id)
            ) WITHOUT ROWID;
            -- Access and erasure requests, and a CRM's people, find a
            -- person by address across campaigns.
            CREATE INDEX signatures_canonical_email ON signatures(canonical_email);
            """, postgres: """
            ALTER TABLE campaigns ADD COLUMN closed_at TEXT COLLATE "C";
            UPDATE campaigns SET closed_at = updated_at WHERE status = 'closed';
            ALTER TABLE signatures ADD COLUMN erased_at TEXT COLLATE "C";
            CREATE TABLE erasures (
                id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
                erased_at TEXT COLLATE "C" NOT NULL,
                cause TEXT COLLATE "C" NOT NULL CHECK (cause IN ('request', 'retention')),
                signatures BIGINT NOT NULL,
                messages BIGINT NOT NULL
            );
            CREATE TABLE erasure_campaigns (
                erasure_id BIGINT NOT NULL REFERENCES erasures(id) ON DELETE CASCADE,
                campaign_id BIGINT NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
                signatures BIGINT NOT NULL,
                PRIMARY KEY (erasure_id, campaign_id)
            );
            CREATE INDEX signatures_canonical_email ON signatures(canonical_email);
            """),
    ], repairs: [
        // Migration 5 gained this column after its first form had shipped
        // in a build: a database that build made is at version 5 or later
        // without it.
        Repair(name: "officials' language", since: 5,
               check: "SELECT COUNT(*) = 0 FROM pragma_table_info('officials') WHERE name = 'language'",
               sql: "ALTER TABLE officials ADD COLUMN language TEXT"),
        // Migration 8 once rebuilt this index whole; since, it holds only
        // the counted signatures digests read.
        Repair(name: "the digest index", since: 8,
               check: """
                   SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name = 'signatures_campaign_seq'
                       AND sql NOT LIKE '%WHERE validated_seq IS NOT NULL%'
                   """,
               sql: """
                   DROP INDEX signatures_campaign_seq;
                   CREATE INDEX signatures_campaign_seq ON signatures(campaign_id, validated_seq) WHERE validated_seq IS NOT NULL;
                   """),
    ], postgresBaseline: postgresBaseline)
}
