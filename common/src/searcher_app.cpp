// fts searcher application.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/searcher_app.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <ostream>
#include <unordered_map>

#include "fts/cli.h"
#include "fts/dates.h"
#include "fts/errors.h"
#include "fts/interactive.h"
#include "fts/query.h"
#include "fts/search.h"
#include "fts/text.h"

namespace fts {

void add_searcher_options(CLI::App& app, SearcherOptions& o) {
    app.description(
        "Search a database built by `indexer`: ranked (BM25) keyword and phrase queries.");
    app.add_option("--db", o.dbs,
                   "Database directory or stub file; repeat to search several as one "
                   "(e.g. --db news.db --db archive.db)")
        ->required()
        ->expected(1)  // one value per --db, so the query words that follow are not taken
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    auto* query = app.add_option("query", o.query_words,
                                 "The query; its words are joined with spaces (e.g. 'mali AND "
                                 "russia'); may be left out with --since/--until/--like");
    auto* queries = app.add_option("--queries", o.queries_file,
                                   "Answer every 'qid<TAB>query' line of FILE ('-': stdin) in one "
                                   "process (e.g. --queries topics.tsv --format trec)");
    auto* interactive = app.add_flag(
        "-i,--interactive", o.interactive,
        "A prompt with line editing and history: one query per line, :more, :open N, :quit "
        "(e.g. searcher --db news.db -i)");
    app.add_option("--timeout", o.timeout,
                   "Seconds a remote shard (xapian-tcpsrv, listed in a stub database) may take to "
                   "connect or answer before the search fails naming it (default 10), e.g. "
                   "--timeout 2")
        ->check(number_range(0.1, 3600.0));
    app.add_option("--timings", o.timings_file,
                   "With --queries: write 'qid<TAB>seconds' per query to FILE (the time to search, "
                   "rank and make snippets; not to print), e.g. --timings times.tsv")
        ->needs(queries);
    query->excludes(queries);
    interactive->excludes(queries);
    app.add_option("-n,--limit", o.limit, "Number of results to show (default 10; e.g. -n 50)")
        ->check(CLI::Range(0u, 1000000u));
    app.add_option("--offset", o.offset, "Skip this many results first (paging; e.g. --offset 10)")
        ->check(CLI::Range(0u, 1000000000u));

    auto* out = app.add_option_group("Output", "What is printed, and how");
    auto* format =
        out->add_option(
               "--format", o.format,
               "text (for people), json (one object), jsonl (one object per result), tsv "
               "(one line per result), trec (qid Q0 docid rank score tag), ids (one id per "
               "line); e.g. --format tsv")
            ->check(
                CLI::IsMember({"text", "json", "jsonl", "tsv", "trec", "ids"}, CLI::ignore_case));
    out->add_flag_callback(
           "--json", [&o] { o.format = "json"; }, "Same as --format json")
        ->excludes(format);  // (one of them took effect, whatever the other said)
    out->add_option("--fields", o.fields,
                    "Fields of each result for json, jsonl and tsv, in order: rank id title score "
                    "date path url author source tags snippet highlights duplicates explain "
                    "(e.g. --fields id,date,title)")
        ->check(CLI::Validator(
            [](std::string& list) {
                // (Checked here: an empty list would otherwise read as no --fields at all.)
                for (std::size_t from = 0;;) {
                    const std::size_t comma = list.find(',', from);
                    if (text::trim(list.substr(from, comma - from)).empty())
                        return std::string(
                            "has an empty field name (e.g. --fields id,title,score)");
                    if (comma == std::string::npos) return std::string();
                    from = comma + 1;
                }
            },
            ""));
    out->add_option("--run-tag", o.run_tag,
                    "Tag column of --format trec (default fts; e.g. "
                    "--run-tag bm25)")
        ->check(CLI::Validator(
            [](const std::string& tag) {
                const bool one_column =
                    !tag.empty() && std::none_of(tag.begin(), tag.end(), [](char c) {
                        return static_cast<unsigned char>(c) <= ' ' || c == 0x7f;
                    });
                return one_column ? std::string()
                                  : std::string(
                                        "a run tag is one word (no spaces or control "
                                        "characters): it is a column of the run file");
            },
            "WORD"));
    std::map<std::string, ColorMode> colors{
        {"auto", ColorMode::Auto}, {"always", ColorMode::Always}, {"never", ColorMode::Never}};
    out->add_option("--color", o.color,
                    "Highlight matches: auto (a terminal, unless NO_COLOR is set), always, never "
                    "(e.g. --color=always | less -R)")
        ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case));
    out->add_option("--snippet-length", o.snippet_bytes,
                    "Approximate snippet size in bytes, 0: none (default 240; e.g. "
                    "--snippet-length 0)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{100000}));

    auto* find = app.add_option_group("Finding", "Filters, order, facets and friends");
    // (An empty value, as a script's unset variable gives, is an error, not no filter.)
    const CLI::Validator date_given(
        [](std::string& v) {
            return v.empty() ? std::string("a date is needed (YYYY, YYYY-MM or YYYY-MM-DD)")
                             : std::string();
        },
        "DATE");
    find->add_option("--since", o.since,
                     "Only articles dated on or after DATE: YYYY, YYYY-MM or YYYY-MM-DD (e.g. "
                     "--since 2024-03; like date:2024-03.. in the query)")
        ->check(date_given);
    find->add_option("--until", o.until,
                     "Only articles dated on or before DATE, to the end of a year or month given "
                     "(e.g. --until 2023)")
        ->check(date_given);
    find->add_option("--sort", o.sort,
                     "relevance (default), date (oldest first, undated last) or -date (newest "
                     "first); e.g. --sort -date")
        ->check(CLI::IsMember({"relevance", "date", "-date"}, CLI::ignore_case));
    CLI::Option* recent =
        find->add_flag("--recent", o.recent.enabled,
                       "Favour newer articles among relevant ones: a bonus of up to half the best "
                       "score, halving every --half-life days before the newest date indexed "
                       "(e.g. --recent)");
    find->add_option("--half-life", o.recent.half_life_days,
                     "Days for --recent's bonus to halve (default 365; e.g. --half-life 90)")
        ->check(number_range(0.001, 1e6))
        ->needs(recent);
    find->add_option("--now", o.recent.now,
                     "Reference date of --recent instead of the newest date indexed (e.g. "
                     "--now 2025-01-01)")
        ->check(date_given)
        ->needs(recent);
    find->add_option("--facet", o.facets,
                     "Count all matches by source, author, tag or year; repeatable (e.g. "
                     "--facet tag --facet year)")
        ->allow_extra_args(false)
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    find->add_option("--facet-limit", o.facet_limit,
                     "Values shown per facet, 0: all (default 10; e.g. --facet-limit 0)")
        ->check(CLI::Range(0u, 1000000u));
    find->add_option("--like", o.like,
                     "Articles similar to the indexed article ID (query words, if any, filter "
                     "them; e.g. --like world/niger-grain-corridor.md)");
    find->add_flag("--collapse", o.collapse,
                   "Fold near-duplicates (same body words) into one result, with a count "
                   "(e.g. --collapse)");
    find->add_flag("--explain", o.explain,
                   "Show how each score is made: BM25 per query term and field, feedback, "
                   "recency (e.g. --explain -n 3)");
    find->add_flag("--correct", o.correct,
                   "Search the spelling suggestion (\"did you mean\") instead of the query "
                   "(e.g. --correct 'sahl delegatoins')");

    auto* rank = app.add_option_group(
        "Ranking", "How results are ordered (defaults tuned on judged collections)");
    rank->add_option("--k1", o.ranking.k1,
                     "BM25 term-frequency saturation (default 1.6; e.g. --k1 1.2)")
        ->check(number_range(0.0, 100.0));
    rank->add_option("--b", o.ranking.b,
                     "BM25 length normalisation, 0..1 (default 0.5; e.g. --b 0.75)")
        ->check(number_range(0.0, 1.0));
    rank->add_flag("!--no-stopwords", o.ranking.stopwords,
                   "Keep common words (the, of, what...) in free-text queries (e.g. "
                   "--no-stopwords 'the who')");
    rank->add_flag("--feedback,!--no-feedback", o.ranking.feedback,
                   "Pseudo-relevance feedback: re-rank matches with terms of the top results "
                   "(default on; never adds or removes matches; e.g. --no-feedback)");
    rank->add_option("--feedback-docs", o.ranking.feedback_docs,
                     "Top results feedback learns from (default 10; e.g. --feedback-docs 5)")
        ->check(CLI::Range(0u, 1000u));
    rank->add_option("--feedback-terms", o.ranking.feedback_terms,
                     "Terms feedback adds (default 20; e.g. --feedback-terms 40)")
        ->check(CLI::Range(0u, 1000u));
    rank->add_option("--feedback-depth", o.ranking.feedback_depth,
                     "Matches feedback re-orders, best first; the rest keep their order below "
                     "(default 200; 0: every match, slower; e.g. --feedback-depth 1000)")
        ->check(CLI::Range(0u, 100000u));
    rank->add_option("--feedback-weight", o.ranking.feedback_weight,
                     "Weight of feedback terms relative to the query (default 0.5; e.g. "
                     "--feedback-weight 0.3)")
        ->check(number_range(0.0, 10.0));
    app.footer(
        "Query syntax: words (ranked, any may match), \"exact phrase\", AND OR NOT, +must "
        "-mustnot,\n"
        "( ), title: author: source: tag: id: year: fields, clim* wildcards, and dates:\n"
        "date:2024, date:2024-03, date:2024-01..2024-06-30, date:2023.. (date ranges need dated "
        "articles).\n\n"
        "A query with a word never indexed gets a spelling suggestion (on stderr; \"suggestion\" "
        "in JSON; not in --queries batches).\n"
        "Facets and --collapse need articles indexed by this version (indexer --force adds "
        "them).\n\n"
        "Exit status: 0 results shown, 1 no results (or none on the page asked for), 2 error (bad "
        "option, date, facet, field or "
        "--like id; no database; a --queries line skipped or query not run, the rest answered)."
        "\n\n"
        "Examples:\n"
        "  searcher --db news.db '\"Africa Corps\" OR Moscow'\n"
        "  searcher --db news.db 'title:election date:2024..'\n"
        "  searcher --db news.db --since 2024-03 --until 2024-06 --sort -date sahel\n"
        "  searcher --db news.db --recent energy\n"
        "  searcher --db news.db --facet tag --facet year -n 0 energy\n"
        "  searcher --db news.db --like world/niger-grain-corridor.md -n 3\n"
        "  searcher --db news.db --explain -n 1 'grain corridor'\n"
        "  searcher --db news.db --collapse seamounts\n"
        "  searcher --db news.db --correct 'sahl delegatoins'\n"
        "  searcher --db news.db --format tsv --fields id,date,title climate | sort -k2\n"
        "  searcher --db news.db --json -n 5 climate energy | jq '.results[].id'\n"
        "  searcher --db news.db --queries topics.tsv --format trec -n 1000 > run.txt\n"
        "  searcher --db news.db -i");
}

namespace {

OutputFormat parse_format(const std::string& name) {
    const std::string f = text::lowercase(name);
    if (f == "json") return OutputFormat::Json;
    if (f == "jsonl") return OutputFormat::Jsonl;
    if (f == "tsv") return OutputFormat::Tsv;
    if (f == "trec") return OutputFormat::Trec;
    if (f == "ids") return OutputFormat::Ids;
    if (f == "text") return OutputFormat::Text;
    throw UsageError("--format: unknown format '" + name +
                     "' (choose from: text, json, jsonl, "
                     "tsv, trec, ids)");
}

// Everything a run needs, checked once before the database is opened.
struct Plan {
    OutputFormat format = OutputFormat::Text;
    SearchOptions search;
    PrintOptions print;
};

Plan make_plan(const SearcherOptions& o) {
    Plan p;
    p.format = parse_format(o.format);
    SearchOptions& so = p.search;
    so.limit = o.limit;
    so.offset = o.offset;
    so.snippet_bytes = o.snippet_bytes;
    so.snippets =
        o.snippet_bytes > 0 && (p.format == OutputFormat::Text || p.format == OutputFormat::Json ||
                                p.format == OutputFormat::Jsonl || p.format == OutputFormat::Tsv);
    so.ids_only = p.format == OutputFormat::Trec || p.format == OutputFormat::Ids;
    so.ranking = o.ranking;
    so.since = o.since;
    so.until = o.until;
    QueryBuilder::date_filter(Xapian::Database(), o.since, o.until);  // throws for a bad date
    const std::string sort = text::lowercase(o.sort);
    so.sort = sort == "date"    ? SortOrder::Date
              : sort == "-date" ? SortOrder::DateDesc
                                : SortOrder::Relevance;
    so.recent = o.recent;
    // (A recency bonus orders by relevance; a date order has nothing for it to do.)
    if (o.recent.enabled && so.sort != SortOrder::Relevance)
        throw UsageError("--recent: only with relevance order, not with --sort " + o.sort);
    if (!o.recent.now.empty() && !dates::range_end(o.recent.now))
        throw UsageError("--now " + o.recent.now +
                         ": not a date (use YYYY, YYYY-MM or YYYY-MM-DD)");
    for (const auto& name : o.facets) {
        auto f = parse_facet(text::lowercase(name));
        if (!f)
            throw UsageError("--facet: unknown facet '" + name +
                             "' (choose from: source, author, tag, year)");
        if (std::find(so.facets.begin(), so.facets.end(), *f) == so.facets.end())
            so.facets.push_back(*f);
    }
    if (!so.facets.empty() && p.format != OutputFormat::Text && p.format != OutputFormat::Json)
        throw UsageError("--facet: only with --format text or json");
    so.like_id = o.like;
    so.collapse = o.collapse;
    so.explain = o.explain;
    so.correct = o.correct;
    so.suggest = o.queries_file.empty() || o.correct;  // batch runs skip it unless asked
    if (!o.fields.empty()) {
        if (p.format != OutputFormat::Json && p.format != OutputFormat::Jsonl &&
            p.format != OutputFormat::Tsv)
            throw UsageError("--fields: only with --format json, jsonl or tsv");
        p.print.fields = parse_fields(o.fields);
    }
    p.print.offset = o.offset;
    p.print.color = p.format == OutputFormat::Text && use_color(o.color);
    p.print.facet_limit = o.facet_limit;
    return p;
}

void print(std::ostream& out, const SearcherOptions& o, const Plan& plan, const SearchResult& r,
           unsigned offset, const std::string& qid) {
    PrintOptions p = plan.print;
    p.offset = offset;
    p.qid = qid;
    switch (plan.format) {
        case OutputFormat::Text:
            if (!qid.empty()) out << "== " << qid << ": " << r.query << "\n";
            print_text(out, r, p);
            break;
        case OutputFormat::Json:
            print_json(out, r, p);
            break;
        case OutputFormat::Jsonl:
            print_jsonl(out, r, p);
            break;
        case OutputFormat::Tsv:
            print_tsv(out, r, p);
            break;
        case OutputFormat::Trec:
            print_trec(out, r, qid.empty() ? "1" : qid, o.run_tag);
            break;
        case OutputFormat::Ids:
            print_ids(out, r, qid);
            break;
    }
}

// Warnings and the spelling suggestion go to stderr, except in JSON, which carries them.
void report(std::ostream& err, const Plan& plan, const SearchResult& r, const std::string& where) {
    if (plan.format == OutputFormat::Json) return;
    for (const auto& w : r.warnings)
        err << "searcher: warning: " << where << text::one_line(w) << "\n";
    if (r.corrected)
        err << "searcher: " << where << "showing results for: " << text::one_line(r.suggestion)
            << " (instead of: " << text::one_line(r.query) << ")\n";
    else if (!r.suggestion.empty())
        err << "searcher: " << where << "did you mean: " << text::one_line(r.suggestion) << "?\n";
}

// Whether a search showed what it was asked for: results on the page asked for (an --offset past
// the last match shows none: a script paging on the exit status stops there), or, with -n 0
// (totals and facets only), any match.
bool has_hits(const SearchResult& r, unsigned limit) {
    return !r.hits.empty() || (limit == 0 && r.total > 0);
}

int run_batch(const SearcherOptions& o, const Plan& plan, Searcher& searcher, std::istream& in,
              std::ostream& out, std::ostream& err) {
    std::ifstream file;
    std::istream* lines = &in;
    if (o.queries_file != "-") {
        std::error_code ec;
        if (std::filesystem::is_directory(o.queries_file, ec))
            throw UsageError("--queries: " + o.queries_file + " is a directory, not a file");
        file.open(o.queries_file);
        if (!file) throw UsageError("--queries: cannot open " + o.queries_file);
        lines = &file;
    }
    std::ofstream timings;
    if (!o.timings_file.empty()) {
        timings.open(o.timings_file);
        if (!timings) throw UsageError("--timings: cannot write " + o.timings_file);
    }
    bool any_hits = false;
    // A line skipped (malformed) or a query that could not be run: every other line is answered,
    // and the run ends with status 2 (as grep's does after an error), so that a script under
    // `set -e` or checking $? learns of it rather than scoring a run that lacks a query.
    bool any_failed = false;
    std::string line;
    std::unordered_map<std::string, std::size_t> qids;  // qid -> its first line
    for (std::size_t lineno = 1; std::getline(*lines, line); ++lineno) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        // A byte order mark (an editor's UTF-8) is no part of the first qid.
        if (lineno == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
        // (Blank lines are passed over; one holding a tab was meant as a query.)
        if (text::trim(line).empty() && line.find('\t') == std::string::npos) continue;
        auto tab = line.find('\t');
        std::string qid(text::trim(line.substr(0, tab)));
        std::string query = tab == std::string::npos ? "" : line.substr(tab + 1);
        const std::string where = (o.queries_file == "-" ? "stdin" : o.queries_file) + ":" +
                                  std::to_string(lineno) + ": ";
        if (tab == std::string::npos || qid.empty() || text::trim(query).empty()) {
            err << "searcher: " << where
                << (tab != std::string::npos && !qid.empty()
                        ? "qid '" + text::one_line(qid) + "' has no query"
                        : std::string("expected 'qid<TAB>query'"))
                << " (line skipped)\n";
            any_failed = true;
            continue;
        }
        // (Answered again, but a run file with a qid twice is read as one query's results.)
        if (auto [first, fresh] = qids.try_emplace(qid, lineno); !fresh)
            err << "searcher: warning: " << where << "qid '" << text::one_line(qid)
                << "' was already used on line " << first->second << "\n";
        SearchResult r;
        const auto start = std::chrono::steady_clock::now();
        try {
            r = searcher.search(query, plan.search);
        } catch (const UsageError& e) {
            err << "searcher: " << where << text::one_line(e.what()) << "\n";
            if (plan.format == OutputFormat::Json || plan.format == OutputFormat::Jsonl)
                print_query_error(out, qid, query, e.what());
            any_failed = true;
            continue;
        }
        if (timings.is_open())
            timings
                << qid << '\t'
                << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
                << '\n';
        report(err, plan, r, where);
        any_hits = any_hits || has_hits(r, plan.search.limit);
        print(out, o, plan, r, plan.search.offset, qid);
    }
    out.flush();
    // A read error ends the lines early: the queries after it were never asked.
    if (lines->bad())
        throw UsageError("--queries: cannot read " +
                         (o.queries_file == "-" ? std::string("stdin") : o.queries_file) +
                         " to its end: " + std::strerror(errno ? errno : EIO));
    if (timings.is_open() && !timings.flush())
        throw UsageError("--timings: cannot write " + o.timings_file + ": " +
                         std::strerror(errno ? errno : EIO));
    if (any_failed) return kExitError;
    return any_hits ? kExitOk : kExitNoHits;
}

// searcher -i: one query per line, answered from the database kept open.
int run_interactive(const SearcherOptions& o, const Plan& plan, Searcher& searcher,
                    std::istream& in, std::ostream& out, std::ostream& err) {
    LineReader reader(in, "fts> ");
    if (reader.terminal()) err << "searcher: type a query, :help for commands, :quit to leave\n";
    std::string last_query;
    SearchOptions so = plan.search;
    std::optional<SearchResult> last;
    auto show = [&](const SearchResult& r) {
        report(err, plan, r, "");
        print(out, o, plan, r, so.offset, "");
        out.flush();
    };
    const bool json_out = plan.format == OutputFormat::Json || plan.format == OutputFormat::Jsonl;
    while (auto line = reader.next()) {
        const std::string cmd(text::trim(*line));
        if (cmd.empty()) continue;
        try {
            if (cmd[0] != ':') {
                // (A query that fails leaves :more and :open with the last one that did not.)
                SearchOptions first = so;
                first.offset = plan.search.offset;
                SearchResult r = searcher.search(cmd, first);
                last_query = cmd;
                so = first;
                last = std::move(r);
                show(*last);
            } else if (cmd == ":q" || cmd == ":quit" || cmd == ":exit") {
                break;
            } else if (cmd == ":help" || cmd == ":h" || cmd == ":?") {
                err << kInteractiveHelp;  // (for people: stdout keeps to results)
            } else if (cmd == ":more" || cmd == ":m") {
                if (!last) throw UsageError(":more: no search yet");
                if (so.limit == 0) throw UsageError(":more: -n 0 shows no results on any page");
                SearchOptions next = so;
                next.offset += so.limit;
                SearchResult r = searcher.search(last_query, next);
                so = next;
                last = std::move(r);
                show(*last);
            } else if (cmd.starts_with(":open") || cmd.starts_with(":o ")) {
                std::string arg(text::trim(cmd.substr(cmd.find_first_of(" \t") == std::string::npos
                                                          ? cmd.size()
                                                          : cmd.find_first_of(" \t"))));
                if (!last) throw UsageError(":open: no search yet");
                const Hit* hit = nullptr;
                for (const auto& h : last->hits)
                    if (std::to_string(h.rank) == arg) hit = &h;
                if (!hit)
                    throw UsageError(":open: no result '" + arg +
                                     "' on the last page (give a rank shown there)");
                auto article = searcher.article(hit->doc.id);
                if (!article) throw UsageError(":open: " + hit->doc.id + " is no longer indexed");
                if (json_out)
                    print_article_json(out, *article);
                else
                    print_article(out, *article, plan.print.color);
                out.flush();
            } else {
                throw UsageError("unknown command '" + cmd + "' (try :help)");
            }
        } catch (const UsageError& e) {
            err << "searcher: " << text::one_line(e.what()) << "\n";
            // A script reading JSON answers line by line gets one for this line too.
            if (json_out) print_query_error(out, "", cmd, e.what());
        } catch (const Xapian::DatabaseError& e) {
            // (The session goes on: the next query may well work, after indexer --rebuild.)
            const std::string message =
                std::string("database error: ") + e.get_type() + ": " + e.get_msg();
            err << "searcher: " << text::one_line(message) << "\n";
            if (json_out) print_query_error(out, "", cmd, message);
        } catch (const Xapian::NetworkError& e) {
            const std::string which = searcher.unreachable_shards();
            const std::string message = (which.empty() ? "a remote shard" : "shard " + which) +
                                        " failed: " + e.get_msg() +
                                        " (is its xapian-tcpsrv running?)";
            err << "searcher: " << text::one_line(message) << "\n";
            if (json_out) print_query_error(out, "", cmd, message);
        }
        out.flush();
        if (!out) break;  // a closed pipe
    }
    return kExitOk;
}

// Results that could not be written are an error, except for a reader that went away (a closed
// pipe, as with `searcher ... | head`), which ends the run quietly as ripgrep does.
int finish(std::ostream& out, std::ostream& err, int code) {
    out.flush();
    if (out) return code;
    if (errno == EPIPE) return code;
    err << "searcher: cannot write the results: " << std::strerror(errno ? errno : EIO) << "\n";
    return kExitError;
}

}  // namespace

int run_searcher(const SearcherOptions& o, std::ostream& out, std::ostream& err) {
    return run_searcher(o, std::cin, out, err);
}

int run_searcher(const SearcherOptions& o, std::istream& in, std::ostream& out, std::ostream& err) {
    errno = 0;
    try {
        std::string query;
        for (const auto& w : o.query_words) {
            if (!query.empty()) query += ' ';
            query += w;
        }
        const bool batch = !o.queries_file.empty();
        const Plan plan = make_plan(o);
        // Without words, the filters, order or facets alone choose what is shown.
        const bool filters_only = !o.since.empty() || !o.until.empty() || !o.like.empty() ||
                                  plan.search.sort != SortOrder::Relevance ||
                                  !plan.search.facets.empty();
        if (!batch && !o.interactive && text::trim(query).empty() && !filters_only)
            throw UsageError("no query given (try --help)");
        Searcher searcher(o.dbs, o.timeout);
        try {
            if (batch) return finish(out, err, run_batch(o, plan, searcher, in, out, err));
            if (o.interactive) {
                if (!text::trim(query).empty())
                    throw UsageError(
                        "--interactive: give the queries at the prompt, not as arguments");
                return finish(out, err, run_interactive(o, plan, searcher, in, out, err));
            }
            SearchResult r = searcher.search(query, plan.search);
            report(err, plan, r, "");
            print(out, o, plan, r, plan.search.offset, "");
            return finish(out, err, has_hits(r, plan.search.limit) ? kExitOk : kExitNoHits);
        } catch (const Xapian::NetworkError& e) {
            // A shard that answered when opened failed since (Xapian does not say which).
            out.flush();
            const std::string which = searcher.unreachable_shards();
            if (which.empty()) throw;
            throw UsageError("shard " + which + " failed: " + e.get_msg() +
                             " (is its xapian-tcpsrv running?)");
        }
    } catch (const UsageError& e) {
        err << "searcher: " << text::one_line(e.what()) << "\n";
    } catch (const Xapian::UnimplementedError& e) {
        // xapian-tcpsrv runs only Xapian's built-in match spies and posting sources.
        err << "searcher: --facet and --recent need every shard to be local (Xapian's remote "
               "backend cannot run them): "
            << text::one_line(e.get_msg()) << "\n";
    } catch (const Xapian::NetworkError& e) {
        // (Xapian names the shard in the error's context: "remote:tcp(host:port)".)
        const std::string shard = e.get_context();
        err << "searcher: a remote shard failed"
            << (shard.empty() ? std::string() : " (" + text::one_line(shard) + ")") << ": "
            << e.get_msg() << " (is its xapian-tcpsrv running? see --timeout)\n";
    } catch (const Xapian::DatabaseError& e) {
        err << "searcher: database error: " << e.get_type() << ": " << text::one_line(e.get_msg())
            << "\n";
    } catch (const Xapian::Error& e) {
        err << "searcher: " << e.get_type() << ": " << text::one_line(e.get_msg()) << "\n";
    } catch (const std::exception& e) {
        err << "searcher: " << text::one_line(e.what()) << "\n";
    }
    return kExitError;
}

}  // namespace fts
