#!/usr/bin/env python3
"""Differential test of the searcher's query semantics against a brute-force model of the
README's query table: a random 300-article corpus (small vocabulary, fields, tags, dates, accents,
stopwords, hyphenated words), thousands of random queries (words, phrases, AND/OR/NOT, +/-,
brackets, field prefixes, tag:/year:/date:/id: filters, wildcards, --since/--until), and for each
the set of ids, the exit status, the total, the first page against the long list; then paging
and facet totals. A long check, not part of CI:

    scripts/query-difftest.py [SEED] [QUERIES]      (default 1 1500; about 3 minutes)
    FTS_BUILD=build-release scripts/query-difftest.py 7 5000

Exits 1 when any query disagrees with the model. Stems come from Xapian's own stemmer (a probe
index); everything else is modelled.
"""
# SPDX-License-Identifier: GPL-2.0-or-later
import calendar, json, os, random, re, shutil, subprocess, sys, tempfile, unicodedata
from concurrent.futures import ThreadPoolExecutor

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("FTS_BUILD", os.path.join(ROOT, "build"))
INDEXER = os.path.join(BIN, "indexer/indexer")
SEARCHER = os.path.join(BIN, "searcher/searcher")

FAMILIES = [
    ["river", "rivers", "river's"], ["storm", "storms"], ["visit", "visits", "visited", "visiting"],
    ["grain", "grains"], ["power", "powers", "powered"], ["market", "markets"],
    ["vote", "votes", "voted", "voting"], ["bridge", "bridges"], ["harbour", "harbours"],
    ["corridor", "corridors"], ["energy", "energies"], ["climate", "climates"],
    ["trade", "trades", "traded", "trading"], ["farm", "farms", "farming"], ["wind", "winds"],
    ["talk", "talks", "talked"], ["delegation", "delegations"], ["moscow"], ["niger"], ["mali"],
    ["sahel"], ["café", "cafés", "cafe"], ["zürich", "zurich"], ["são", "sao"], ["paulo"],
    ["road", "roads"], ["island", "islands"], ["forest", "forests"], ["ship", "ships"],
    ["coast", "coasts"], ["coastal"], ["rain", "rains"], ["flood", "floods", "flooded"],
    ["border", "borders"], ["peace"], ["treaty", "treaties"], ["council", "councils"],
    ["minister", "ministers"], ["city", "cities"], ["village", "villages"], ["north"],
    ["northern"], ["well"], ["known"],
]
STOPWORDS = ["the", "of", "and", "in", "for", "to", "a"]
HYPHENATED = ["well-known", "river-storm", "cross-border", "north-coast", "grain-trade"]
AUTHORS = ["Amina Diallo", "Pierre Koné", "Li Wei", "Sara Storm", "João River", "Ana Müller"]
SOURCES = ["Sahel Dispatch", "River Wire", "Harbour Times", "Storm Daily", "Café Gazette"]
TAGS = ["energy", "Sahel", "climate", "Grain Trade", "Élections", "river"]
ALL_SURFACE = [w for f in FAMILIES for w in f]
EXTRA_WORDS = ["cross", "amina", "diallo", "pierre", "koné", "kone", "li", "wei", "sara", "joão",
               "joao", "ana", "müller", "muller", "dispatch", "wire", "times", "daily", "gazette"]

WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
STEM = {}


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def probe_stems(work):
    """Stems of every word we use, from an index of one word per document (the stemmer is
    Xapian's Snowball: taken as given; everything else is modelled)."""
    words = sorted(set(ALL_SURFACE + STOPWORDS + EXTRA_WORDS + [w for h in HYPHENATED for w in h.split("-")]))
    words = [w for w in words if "'" not in w]
    p = os.path.join(work, "probe.jsonl")
    with open(p, "w") as f:
        for i, w in enumerate(words):
            f.write(json.dumps({"id": f"p{i}", "title": "", "body": w}) + "\n")
    db = os.path.join(work, "probe.db")
    shutil.rmtree(db, ignore_errors=True)
    r = run([INDEXER, "-q", "--db", db, p])
    assert r.returncode == 0, r.stderr
    for i, w in enumerate(words):
        out = run(["xapian-delve", "-1", "-t", "Q" + f"p{i}", db]).stdout
        docid = out.split()[-1]
        terms = run(["xapian-delve", "-1", "-r", docid, db]).stdout.split()
        z = [t[1:] for t in terms if t.startswith("Z") and not t.startswith("ZX") and not t[1:2].isupper()]
        assert len(z) == 1, (w, terms)
        STEM[w] = z[0]
    STEM["river's"] = STEM["river"]


def stem(w):
    w = w.lower()
    if w in STEM:
        return STEM[w]
    if w.endswith("'s") and w[:-2] in STEM:
        return STEM[w[:-2]]
    raise KeyError(w)


def analyse(text):
    """(positioned stream of stems, bag of all stems incl. stopwords)."""
    stream, bag = [], set()
    for w in WORD_RE.findall(text):
        lw = w.lower()
        s = stem(lw)
        bag.add(s)
        if lw not in STOPWORDS:
            stream.append(s)
    return stream, bag


def rcase(rng, w):
    r = rng.random()
    if r < 0.6:
        return w
    if r < 0.8:
        return w[:1].upper() + w[1:]
    return w.upper()


# ---------------------------------------------------------------- corpus

def fmt_date(rng, y, m, d):
    k = rng.randrange(8)
    if k == 0:
        return f"{y:04d}{m:02d}{d:02d}" if rng.random() < 0.5 else int(f"{y:04d}{m:02d}{d:02d}")
    if k == 1:
        return f"{y:04d}/{m:02d}/{d:02d}"
    if k == 2:
        return f"{d} {calendar.month_name[m]} {y}"
    if k == 3:
        return f"{calendar.month_name[m]} {d}, {y}"
    if k == 4:
        return f"{y:04d}-{m:02d}-{d:02d}T23:30:00-05:00"
    return f"{y:04d}-{m:02d}-{d:02d}"


def sentence(rng, n):
    toks = []
    for _ in range(n):
        r = rng.random()
        if r < 0.2:
            toks.append(rng.choice(STOPWORDS))
        elif r < 0.25:
            toks.append(rng.choice(HYPHENATED))
        elif r < 0.3 and toks:
            toks.append(toks[-1])  # repeated word
        else:
            toks.append(rcase(rng, rng.choice(ALL_SURFACE)))
    out = ""
    for i, t in enumerate(toks):
        if i:
            out += rng.choice([" ", " ", " ", " ", ", ", "; ", " (", ") ", " — ", ",", " \"", "\" "])
        out += t
    return out[:1].upper() + out[1:] + rng.choice([".", "!", "?", "..."])


def gen_corpus(rng, n):
    docs, model = [], {}
    for i in range(n):
        did = f"d{i:04d}" if rng.random() < 0.9 else f"feed/x{i}.txt"
        rec = {"id": did}
        title = None
        if rng.random() < 0.85:
            title = " ".join(rcase(rng, rng.choice(ALL_SURFACE + STOPWORDS + HYPHENATED)) for _ in range(rng.randint(1, 6)))
            if rng.random() < 0.3:
                title += rng.choice([":", "!", "?", "."])
            rec["title"] = title
        body = " ".join(sentence(rng, rng.randint(3, 14)) for _ in range(rng.randint(1, 4)))
        rec["body"] = body
        authors = []
        if rng.random() < 0.8:
            authors = rng.sample(AUTHORS, rng.choice([1, 1, 1, 2]))
            rec["author"] = authors if (len(authors) > 1 or rng.random() < 0.3) else authors[0]
        src = None
        if rng.random() < 0.8:
            src = rng.choice(SOURCES)
            rec["source"] = src
        tags = []
        if rng.random() < 0.7:
            tags = rng.sample(TAGS, rng.randint(1, 3))
            tags = [rcase(rng, t) for t in tags]
            rec["tags"] = tags if rng.random() < 0.6 else rng.choice([", ", ";", ","]).join(tags)
        date = None
        r = rng.random()
        if r < 0.85:
            y, m = rng.randint(2018, 2025), rng.randint(1, 12)
            d = rng.randint(1, calendar.monthrange(y, m)[1])
            if rng.random() < 0.15:
                d = calendar.monthrange(y, m)[1]
            rec["date"] = fmt_date(rng, y, m, d)
            date = f"{y:04d}{m:02d}{d:02d}"
        elif r < 0.9:
            rec["date"] = "sometime soon"
        # the model
        tstream, tbag = analyse(title) if title else ([], set())
        bstream, bbag = analyse(body)
        astream, abag = analyse(", ".join(authors))
        sstream, sbag = analyse(src or "")
        model[did] = {
            "id": did,
            "text_streams": [tstream, bstream] if title else [bstream],
            "text": (tbag if title else set()) | bbag,
            "title_streams": [tstream] if title else [],
            "title": tbag if title else set(),
            "author_streams": [astream], "author": abag,
            "source_streams": [sstream], "source": sbag,
            "tags": {t.lower() for t in tags},
            "date": date,
            "rec": rec,
        }
        docs.append(rec)
    return docs, model


# ---------------------------------------------------------------- query AST

class Q:
    pass


class Term(Q):
    def __init__(s, w, field=None, case=None):
        s.w, s.field, s.case = w, field, case

    def render(s):
        return (s.field + ":" if s.field else "") + s.case

    def ev(s, d):
        return stem(s.w) in d[s.field or "text"]


def has_run(streams, seq):
    n = len(seq)
    for st in streams:
        for i in range(len(st) - n + 1):
            if st[i:i + n] == seq:
                return True
    return False


class Phrase(Q):
    def __init__(s, words, field=None, cases=None, hyphen=False):
        s.words, s.field, s.cases, s.hyphen = words, field, cases, hyphen

    def render(s):
        if s.hyphen:
            return (s.field + ":" if s.field else "") + "-".join(s.cases)
        return (s.field + ":" if s.field else "") + '"' + " ".join(s.cases) + '"'

    def ev(s, d):
        f = s.field or "text"
        content = [stem(w) for w in s.words if w.lower() not in STOPWORDS]
        if not content:
            return all(stem(w) in d[f] for w in s.words)
        if len(content) == 1:
            return content[0] in d[f]
        return has_run(d[f + "_streams"], content)


class Wild(Q):
    def __init__(s, prefix, field=None):
        s.prefix, s.field = prefix, field

    def render(s):
        return (s.field + ":" if s.field else "") + s.prefix + "*"

    def ev(s, d):
        p = fold(s.prefix.lower())
        return any(t.startswith(p) for t in d[s.field or "text"])


class Tag(Q):
    def __init__(s, t, case):
        s.t, s.case = t, case

    def render(s):
        return "tag:" + (f'"{s.case}"' if " " in s.case else s.case)

    def ev(s, d):
        return s.t.lower() in d["tags"]


class Year(Q):
    def __init__(s, y):
        s.y = y

    def render(s):
        return f"year:{s.y}"

    def ev(s, d):
        return d["date"] is not None and d["date"][:4] == str(s.y)


def bound(text, end):
    parts = text.split("-")
    y = int(parts[0])
    if len(parts) == 1:
        return f"{y:04d}1231" if end else f"{y:04d}0101"
    m = int(parts[1])
    if len(parts) == 2:
        return f"{y:04d}{m:02d}{calendar.monthrange(y, m)[1]:02d}" if end else f"{y:04d}{m:02d}01"
    return f"{y:04d}{m:02d}{int(parts[2]):02d}"


class DateQ(Q):
    def __init__(s, lo, hi, single=False):
        s.lo, s.hi, s.single = lo, hi, single

    def render(s):
        if s.single:
            return f"date:{s.lo}"
        return f"date:{s.lo or ''}..{s.hi or ''}"

    def ev(s, d):
        if d["date"] is None:
            return False
        lo = bound(s.lo, False) if s.lo else None
        hi = bound(s.hi if not s.single else s.lo, True) if (s.hi or s.single) else None
        return (lo is None or d["date"] >= lo) and (hi is None or d["date"] <= hi)


class IdQ(Q):
    def __init__(s, i):
        s.i = i

    def render(s):
        return f"id:{s.i}"

    def ev(s, d):
        return d["id"] == s.i


class Bin(Q):
    def __init__(s, op, a, b):
        s.op, s.a, s.b = op, a, b

    def render(s):
        return f"({s.a.render()} {s.op} {s.b.render()})"

    def ev(s, d):
        if s.op == "AND":
            return s.a.ev(d) and s.b.ev(d)
        if s.op == "OR":
            return s.a.ev(d) or s.b.ev(d)
        if s.op in ("NOT", "AND NOT"):
            return s.a.ev(d) and not s.b.ev(d)
        raise ValueError(s.op)


class FieldGroup(Q):
    """title:(a OR b)"""
    def __init__(s, field, a, b, op):
        s.field, s.a, s.b, s.op = field, a, b, op

    def render(s):
        return f"{s.field}:({s.a} {s.op} {s.b})"

    def ev(s, d):
        x, y = stem(s.a) in d[s.field], stem(s.b) in d[s.field]
        return (x or y) if s.op == "OR" else (x and y)


class Top(Q):
    """A top-level query: a list of (sign, atom) joined by spaces (default OR, +/- love/hate)."""
    def __init__(s, items, pure_not=None):
        s.items, s.pure_not = items, pure_not

    def render(s):
        if s.pure_not is not None:
            return "NOT " + s.pure_not.render()
        return " ".join(sign + a.render() for sign, a in s.items)

    def ev(s, d):
        if s.pure_not is not None:
            return not s.pure_not.ev(d)
        req = [a for sg, a in s.items if sg == "+"]
        exc = [a for sg, a in s.items if sg == "-"]
        opt = [a for sg, a in s.items if sg == ""]
        filt = [a for a in opt if isinstance(a, (Tag, Year, DateQ, IdQ))]
        opt = [a for a in opt if a not in filt]
        if any(a.ev(d) for a in exc):
            return False
        if not all(a.ev(d) for a in req):
            return False
        kinds = {}
        for a in filt:
            kinds.setdefault("date" if isinstance(a, (DateQ,)) else type(a).__name__, []).append(a)
        if not all(any(a.ev(d) for a in group) for group in kinds.values()):
            return False
        if req or (not opt):
            return True
        return any(a.ev(d) for a in opt)


# ---------------------------------------------------------------- query generator

class Gen:
    def __init__(s, rng, model):
        s.rng, s.model = rng, model
        s.ids = list(model)

    def word(s):
        return s.rng.choice(ALL_SURFACE)

    def phrase_from_doc(s, field):
        rng = s.rng
        d = s.model[rng.choice(s.ids)]
        src = d["rec"].get("body", "") if field is None else d["rec"].get("title") or ""
        if field is None and rng.random() < 0.3 and d["rec"].get("title"):
            # across the title/body boundary
            tw = WORD_RE.findall(d["rec"]["title"])
            bw = WORD_RE.findall(d["rec"]["body"])
            return tw[-1:] + bw[:rng.randint(1, 2)]
        words = WORD_RE.findall(src)
        if len(words) < 2:
            return [s.word(), s.word()]
        n = rng.randint(2, min(4, len(words)))
        i = rng.randrange(len(words) - n + 1)
        return words[i:i + n]

    def atom(s, allow_filters=True):
        rng = s.rng
        r = rng.random()
        field = None
        if rng.random() < 0.25:
            field = rng.choice(["title", "title", "author", "source"])
        if r < 0.35:
            if field in ("author", "source"):
                w = rng.choice(WORD_RE.findall(" ".join(AUTHORS if field == "author" else SOURCES)).copy())
                w = w.lower() if rng.random() < 0.5 else fold(w)
            else:
                w = s.word()
            fcase = field if (field is None or rng.random() < 0.8) else field.capitalize()
            t = Term(w, field, rcase(rng, w))
            if field:
                t.field = field
                t.render = lambda t=t, fc=fcase: fc + ":" + t.case
            return t
        if r < 0.55:
            if field in ("author", "source"):
                names = AUTHORS if field == "author" else SOURCES
                words = rng.choice(names).split()
                if rng.random() < 0.3:
                    words = words[::-1]
            elif rng.random() < 0.15:
                words = [rng.choice(STOPWORDS) for _ in range(rng.randint(1, 2))]
                field = None
            else:
                words = s.phrase_from_doc(field)
            cases = [rcase(rng, w) for w in words]
            hyphen = (rng.random() < 0.15 and all(w.lower() not in STOPWORDS for w in words)
                      and all("'" not in w for w in words))
            return Phrase(words, field, cases, hyphen)
        if r < 0.62:
            if field in ("author", "source"):
                field = None
            w = s.word()
            p = w[:rng.randint(2, max(2, len(w) - 1))]
            return Wild(rcase(rng, p) if rng.random() < 0.2 else p, field)
        if r < 0.66:
            g = rng.choice(["title", "author", "source"])
            if g == "title":
                a, b = s.word(), s.word()
            else:
                pool = WORD_RE.findall(" ".join(AUTHORS if g == "author" else SOURCES))
                a, b = rng.choice(pool).lower(), rng.choice(pool).lower()
            return FieldGroup(g, a, b, rng.choice(["OR", "AND"]))
        if not allow_filters:
            w = s.word()
            return Term(w, None, rcase(rng, w))
        if r < 0.76:
            t = rng.choice(TAGS)
            return Tag(t, rcase(rng, t))
        if r < 0.82:
            return Year(rng.randint(2017, 2026))
        if r < 0.97:
            return s.dateq()
        return IdQ(rng.choice(s.ids))

    def dateq(s):
        rng = s.rng

        def one():
            y = rng.randint(2017, 2026)
            k = rng.randrange(3)
            if k == 0:
                return f"{y}"
            m = rng.randint(1, 12)
            if k == 1:
                return f"{y}-{m:02d}"
            return f"{y}-{m:02d}-{rng.randint(1, calendar.monthrange(y, m)[1]):02d}"
        k = rng.randrange(4)
        if k == 0:
            return DateQ(one(), None, single=True)
        a, b = sorted([one(), one()], key=lambda x: bound(x, False))
        if bound(a, False) > bound(b, True):
            a, b = b, a
        if bound(a, False) > bound(b, True):
            return DateQ(a, None, single=True)
        if k == 1:
            return DateQ(a, b)
        if k == 2:
            return DateQ(a, None)
        return DateQ(None, b)

    def boolexpr(s, depth):
        rng = s.rng
        if depth == 0 or rng.random() < 0.3:
            return s.atom()
        op = rng.choice(["AND", "OR", "NOT", "AND", "OR", "AND NOT"])
        return Bin(op, s.boolexpr(depth - 1), s.boolexpr(depth - 1))

    def query(s):
        rng = s.rng
        k = rng.random()
        if k < 0.15:
            return Top([("", s.atom())])
        if k < 0.3:
            return Top([("", s.atom(allow_filters=False)) for _ in range(rng.randint(2, 4))] +
                       ([("", s.atom())] if rng.random() < 0.3 else []))
        if k < 0.6:
            return Top([("", s.boolexpr(rng.randint(1, 3)))])
        if k < 0.8:
            items = []
            for _ in range(rng.randint(2, 4)):
                a = s.atom()
                if isinstance(a, (Tag, Year, DateQ, IdQ)):
                    sign = "" if (isinstance(a, DateQ) and not a.single) else rng.choice(["-", ""])
                else:
                    sign = rng.choice(["+", "-", "", ""])
                items.append((sign, a))
            return Top(items)
        if k < 0.88:
            items = []
            for _ in range(rng.randint(1, 2)):
                a = s.atom()
                while isinstance(a, DateQ) and not a.single:
                    a = s.atom()
                items.append(("-", a))
            return Top(items)
        return Top([], pure_not=s.boolexpr(rng.randint(0, 2)))


# ---------------------------------------------------------------- running

def search(db, query, extra=(), fmt="ids", n=100000):
    cmd = [SEARCHER, "--db", db, "--format", fmt, "-n", str(n), "--snippet-length", "0"] + list(extra)
    if query is not None:
        cmd += ["--", query]
    r = run(cmd)
    return r


def ids_of(r):
    return [l for l in r.stdout.split("\n") if l]


def stopword_only(a):
    return isinstance(a, Phrase) and all(w.lower() in STOPWORDS for w in a.words)


def walk(q):
    yield q
    for attr in ("a", "b", "pure_not"):
        x = getattr(q, attr, None)
        if isinstance(x, Q):
            yield from walk(x)
    for sg, a in getattr(q, "items", []) or []:
        yield from walk(a)


def main():
    seed = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    nq = int(sys.argv[2]) if len(sys.argv) > 2 else 1500
    if not os.access(SEARCHER, os.X_OK):
        sys.exit(f"query-difftest: {SEARCHER} not found (build first, or set FTS_BUILD)")
    work = tempfile.mkdtemp(prefix="fts-difftest-")
    probe_stems(work)
    rng = random.Random(seed)
    docs, model = gen_corpus(rng, 300)
    corpus = os.path.join(work, "corpus.jsonl")
    with open(corpus, "w") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    db = os.path.join(work, "db")
    shutil.rmtree(db, ignore_errors=True)
    r = run([INDEXER, "-q", "--db", db, corpus])
    print("indexer:", r.returncode, r.stderr.strip()[:300])
    gen = Gen(rng, model)
    cases = []
    for i in range(nq):
        q = gen.query()
        extra = []
        since = until = None
        if rng.random() < 0.12:
            if rng.random() < 0.7:
                since = gen.dateq().lo or "2020"
            if rng.random() < 0.7:
                until = gen.dateq().hi or "2023-06"
            if since and until and bound(since, False) > bound(until, True):
                since, until = until, since
                if bound(since, False) > bound(until, True):
                    until = None
            if since:
                extra += ["--since", since]
            if until:
                extra += ["--until", until]
        if rng.random() < 0.3:
            extra += ["--no-feedback"]
        if rng.random() < 0.15:
            extra += ["--sort", rng.choice(["date", "-date", "relevance"])]
        if rng.random() < 0.1:
            extra += ["--recent"]
        if (since or until) and rng.random() < 0.3:
            q = Top([("", Wild(""))])  # placeholder: no query words
            q.render = lambda: None
        cases.append((q, extra, since, until))

    def expected(q, since, until):
        out = set()
        for did, d in model.items():
            if not q.ev(d):
                continue
            if since or until:
                if d["date"] is None:
                    continue
                if since and d["date"] < bound(since, False):
                    continue
                if until and d["date"] > bound(until, True):
                    continue
            out.add(did)
        return out

    def check(case):
        q, extra, since, until = case
        qs = q.render()
        if qs is None:
            q = Top([])
        r = search(db, qs, extra)
        got = ids_of(r)
        exp = expected(q, since, until)
        probs = []
        if r.returncode == 2:
            probs.append(f"exit 2: {r.stderr.strip()}")
        if len(got) != len(set(got)):
            probs.append("duplicate ids")
        if set(got) != exp:
            probs.append(f"set mismatch: got {len(set(got))} exp {len(exp)}; missing {sorted(exp - set(got))[:5]} extra {sorted(set(got) - exp)[:5]}")
        if r.returncode == 1 and got or r.returncode == 0 and not got:
            probs.append(f"exit {r.returncode} with {len(got)} results")
        # totals: default page size; exact promised up to 100 matches
        rj = search(db, qs, extra, fmt="json", n=10)
        if rj.returncode in (0, 1) and rj.stdout.strip():
            j = json.loads(rj.stdout)
            if len(got) <= 100 and j["total"] != len(got):
                probs.append(f"total {j['total']} != {len(got)} (<=100)")
            if [x["id"] for x in j["results"]] != got[:10]:
                probs.append("json first page differs from ids")
        return qs, extra, probs, r.stderr.strip(), len(got)

    bad = 0
    with ThreadPoolExecutor(4) as ex:
        results = list(ex.map(check, cases))
    for qs, extra, probs, err, n in results:
        if probs:
            bad += 1
            print(f"QUERY {qs!r} {extra} -> {n}: " + " | ".join(probs) + (f" [stderr: {err[:200]}]" if err else ""))
    print(f"{bad} of {len(results)} queries disagree")

    # paging and facets-exact totals on broad queries
    page_bad = 0
    broad = [c for c, res in zip(cases, results) if res[4] > 25 and not res[2]][:80]
    for q, extra, since, until in broad:
        qs = q.render()
        full = ids_of(search(db, qs, extra))
        size = rng.choice([3, 7, 10, 13])
        pages = []
        off = 0
        while off < len(full) + size:
            r = search(db, qs, extra + ["--offset", str(off)], n=size)
            pages += ids_of(r)
            off += size
        if pages != full:
            page_bad += 1
            dup = len(pages) - len(set(pages))
            firstdiff = next((i for i, (a, b) in enumerate(zip(pages, full)) if a != b), None)
            print(f"PAGING {qs!r} {extra} n={size}: pages {len(pages)} (dups {dup}, missing {len(set(full) - set(pages))}) full {len(full)}; first diff at {firstdiff}")
        rf = search(db, qs, extra + ["--facet", "year"], fmt="json", n=3)
        j = json.loads(rf.stdout)
        if j["total"] != len(full):
            page_bad += 1
            print(f"FACET TOTAL {qs!r}: {j['total']} != {len(full)}")
    print(f"{page_bad} of {len(broad)} paged queries disagree")
    shutil.rmtree(work, ignore_errors=True)
    return 1 if bad or page_bad else 0


if __name__ == "__main__":
    sys.exit(main())
