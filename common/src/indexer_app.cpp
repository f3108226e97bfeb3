// fts indexer application: walks the sources, reads each input, writes the index, reports.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/indexer_app.h"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "fts/dates.h"
#include "fts/errors.h"
#include "fts/index_writer.h"
#include "fts/readers.h"
#include "fts/sources.h"

namespace fts {

void add_indexer_options(CLI::App& app, IndexerOptions& o) {
    app.description(
        "Index articles (plain text, Markdown, HTML, JSON Lines) into a Xapian database.\n"
        "Re-running replaces changed articles by id; nothing is ever duplicated.");
    app.add_option("--db", o.db, "Database directory (created if missing)")->required();
    app.add_option("sources", o.sources,
                   "Files or directories to index; '-' reads JSON Lines from stdin")
        ->required();
    app.add_option("--language", o.language,
                   "Stemming language for a new database (any Xapian stemmer, or 'none'); "
                   "default english");
    app.add_option("--title-weight", o.title_weight,
                   "How many times title words count in free-text search (default 2)")
        ->check(CLI::Range(0u, 100u));
    app.add_option("--id-prefix", o.id_prefix,
                   "Prepend this to every document id (keeps ids of several trees apart)");
    app.add_option("--batch-size", o.batch_size, "Changes per atomic commit (default 1000)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}));
    app.add_flag("-q,--quiet", o.quiet, "Print nothing but errors");
    app.add_flag("-v,--verbose", o.verbose, "Print every file as it is indexed");
    app.footer(
        "Exit status: 0 all inputs indexed, 1 some inputs rejected (see warnings), 2 fatal "
        "error (the database is left as after its last commit).\n\n"
        "Examples:\n"
        "  indexer --db news.db corpus/\n"
        "  indexer --db news.db --language french articles/fr/\n"
        "  producer | indexer --db news.db -");
}

namespace {

struct Counts {
    std::size_t added = 0, replaced = 0, deleted = 0, skipped = 0, rejected = 0;
};

class Run {
  public:
    Run(const IndexerOptions& o, std::istream& in, std::ostream& err) : o_(o), in_(in), err_(err) {}

    int go() {
        auto start = std::chrono::steady_clock::now();
        std::optional<AnalysisConfig> requested;
        if (o_.language || o_.title_weight) {
            requested.emplace();
            if (o_.language) requested->language = *o_.language;
            if (o_.title_weight) requested->title_weight = *o_.title_weight;
            requested->validate();
        }
        for (const auto& s : o_.sources)
            if (s != "-" && !std::filesystem::exists(s))
                throw UsageError(s + ": no such file or directory");
        IndexWriter writer(o_.db, requested ? &*requested : nullptr,
                           WriterOptions{o_.batch_size, 64 * 1024 * 1024});
        writer_ = &writer;
        for (const auto& source : o_.sources) {
            if (source == "-") {
                read_jsonl_stream(in_, "<stdin>");
                continue;
            }
            auto files =
                walk_source(source, [&](const WalkProblem& p) { reject(p.path, p.reason); });
            for (const auto& f : files) index_file(f);
        }
        writer.commit();
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!o_.quiet) {
            char time_buf[32];
            std::snprintf(time_buf, sizeof time_buf, "%.2f", secs);
            err_ << "indexer: " << c_.added << " added, " << c_.replaced << " replaced, "
                 << c_.deleted << " deleted, " << c_.skipped << " skipped, " << c_.rejected
                 << " rejected in " << time_buf << " s (" << writer.database().get_doccount()
                 << " documents in " << o_.db << ")\n";
        }
        return c_.rejected ? kExitPartial : kExitOk;
    }

  private:
    void reject(const std::string& where, const std::string& why) {
        ++c_.rejected;
        err_ << "indexer: warning: " << where << ": " << why << "\n";
    }

    void store(Article& a) {
        a.id = o_.id_prefix + a.id;
        auto outcome = writer_->add(a);
        ++(outcome == IndexWriter::Outcome::Added ? c_.added : c_.replaced);
        if (o_.verbose)
            err_ << "indexer: " << (outcome == IndexWriter::Outcome::Added ? "added " : "replaced ")
                 << a.id << "\n";
    }

    void index_file(const InputFile& f) {
        if (!f.format) {
            ++c_.skipped;
            if (o_.verbose) err_ << "indexer: skipped " << f.path << " (not a supported format)\n";
            return;
        }
        if (*f.format == Format::JsonLines) {
            std::ifstream in(f.path, std::ios::binary);
            if (!in) return reject(f.path, std::string("cannot open: ") + std::strerror(errno));
            read_jsonl_stream(in, f.path);
            return;
        }
        struct stat st {};
        std::string content;
        {
            std::ifstream in(f.path, std::ios::binary);
            if (!in || ::stat(f.path.c_str(), &st) != 0)
                return reject(f.path, std::string("cannot open: ") + std::strerror(errno));
            std::ostringstream buf;
            buf << in.rdbuf();
            if (in.bad()) return reject(f.path, std::string("read error: ") + std::strerror(errno));
            content = std::move(buf).str();
        }
        Article a;
        try {
            a = read_document(*f.format, content);
        } catch (const InputError& e) {
            return reject(f.path, e.what());
        }
        a.id = f.id;
        a.path = std::filesystem::absolute(f.path).lexically_normal().string();
        std::string name = std::filesystem::path(f.id).filename().string();
        if (a.date.empty())
            if (auto d = dates::from_filename(name)) a.date = *d;
        if (a.title.empty()) {
            a.title = name;
            a.title_derived = true;
        }
        a.file_size = static_cast<std::uint64_t>(st.st_size);
        a.file_mtime_ns =
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        store(a);
    }

    void read_jsonl_stream(std::istream& in, const std::string& label) {
        std::string line;
        for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            JsonRecord rec;
            try {
                rec = parse_json_record(line);
            } catch (const InputError& e) {
                reject(label + ":" + std::to_string(lineno), e.what());
                continue;
            }
            if (rec.deleted) {
                if (writer_->remove(o_.id_prefix + rec.article.id)) ++c_.deleted;
                continue;
            }
            if (!label.empty() && label != "<stdin>")
                rec.article.path = std::filesystem::absolute(label).lexically_normal().string();
            store(rec.article);
        }
        if (in.bad()) reject(label, std::string("read error: ") + std::strerror(errno));
    }

    const IndexerOptions& o_;
    std::istream& in_;
    std::ostream& err_;
    IndexWriter* writer_ = nullptr;
    Counts c_;
};

}  // namespace

int run_indexer(const IndexerOptions& opts, std::istream& in, std::ostream& err) {
    const std::string& db = opts.db;
    try {
        return Run(opts, in, err).go();
    } catch (const UsageError& e) {
        err << "indexer: " << e.what() << "\n";
    } catch (const Xapian::DatabaseLockError&) {
        err << "indexer: " << db << " is locked: another indexer is writing to it\n";
    } catch (const Xapian::DatabaseCorruptError& e) {
        err << "indexer: " << db << " is corrupt (" << e.get_msg()
            << "); check it with xapian-check, or index into a new database\n";
    } catch (const Xapian::DatabaseOpeningError& e) {
        err << "indexer: cannot open " << db << " as a database: " << e.get_msg() << "\n";
    } catch (const Xapian::Error& e) {
        err << "indexer: " << db << ": " << e.get_type() << ": " << e.get_msg()
            << " (nothing after the last commit was written)\n";
    } catch (const std::filesystem::filesystem_error& e) {
        err << "indexer: " << e.what() << "\n";
    } catch (const std::bad_alloc&) {
        err << "indexer: out of memory (try a smaller --batch-size)\n";
    } catch (const std::exception& e) {
        err << "indexer: " << e.what() << "\n";
    }
    return kExitError;
}

}  // namespace fts
