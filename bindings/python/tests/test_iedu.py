"""Tests of the iedu Python binding (standard library unittest only).

Run from the source tree after building libiedu:
    PYTHONPATH=bindings/python IEDU_LIBRARY=build/src/libiedu.so.N \
        python3 -m unittest discover -s bindings/python/tests -v
IEDU_LEAK_CALLS sets the number of calls of the memory test (default
200000); IEDU_TEST_SANITIZED=1 skips it (RSS means nothing under ASan).
"""

import os
import pathlib
import re
import subprocess
import sys
import tempfile
import unittest

import iedu
from iedu import _lib

ROOT = pathlib.Path(__file__).resolve().parents[3]
DATASET = ROOT / "examples" / "data" / "reports.xml"
GOLDEN = ROOT / "tests" / "golden"
HEADERS = ROOT / "include" / "iedu"


def document(body, version="1"):
    return ('<iedu xmlns="urn:iedu:1" version="%s">\n%s</iedu>\n'
            % (version, body)).encode("utf-8")


def run_python(code, **env):
    environ = dict(os.environ)
    environ.update(env)
    return subprocess.run([sys.executable, "-c", code], env=environ,
                          capture_output=True, text=True)


class TestLoading(unittest.TestCase):
    def test_bad_library_path(self):
        major = _lib.MAJOR
        r = run_python("import iedu", IEDU_LIBRARY="/nonexistent/libiedu.so")
        self.assertNotEqual(r.returncode, 0)
        self.assertIn(
            "ImportError: libiedu: cannot load the C library; tried:\n"
            "  IEDU_LIBRARY=/nonexistent/libiedu.so: /nonexistent/libiedu.so:"
            " cannot open shared object file: No such file or directory\n"
            "Fix: set IEDU_LIBRARY=/path/to/libiedu.so.%d, or install "
            "libiedu %d.x where the dynamic linker finds it (see ldconfig)."
            % (major, major), r.stderr)

    def test_not_a_library(self):
        r = run_python("import iedu", IEDU_LIBRARY=str(DATASET))
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("IEDU_LIBRARY=%s: " % DATASET, r.stderr)
        self.assertIn("Fix: set IEDU_LIBRARY=", r.stderr)

    def test_search_order(self):
        self.assertEqual(_lib._candidates(7, {"IEDU_LIBRARY": "/x/lib.so"}),
                         [("IEDU_LIBRARY", "/x/lib.so")])
        order = _lib._candidates(7, {})
        self.assertEqual(order[0], ("soname", "libiedu.so.7"))
        self.assertEqual(order[1][0], "ctypes.util.find_library('iedu')")

    def test_version_matches(self):
        self.assertEqual(_lib.lib.iedu_version_major(), _lib.MAJOR)
        self.assertEqual(iedu.library_version.split(".")[0], str(_lib.MAJOR))
        if (HEADERS / "version.h").exists():
            self.assertEqual(
                _lib.read_header_version(HEADERS / "version.h"), _lib.VERSION)

    def test_version_mismatch(self):
        wrong = _lib.MAJOR + 1
        with self.assertRaises(ImportError) as cm:
            _lib.open_library(major=wrong)
        self.assertEqual(
            str(cm.exception),
            "libiedu: %s is version %s (major %d) but this binding was "
            "written for major version %d; install the matching libiedu or "
            "set IEDU_LIBRARY=/path/to/libiedu.so.%d"
            % (_lib.lib._name, iedu.library_version, _lib.MAJOR, wrong,
               wrong))


class TestErrors(unittest.TestCase):
    def load_error(self, data):
        db = iedu.Database()
        with self.assertRaises(iedu.Error) as cm:
            db.load(data, name="bad.xml")
        self.assertEqual(len(db), 0, "a failed import adds nothing")
        db.close()
        return cm.exception

    def assertDetails(self, e, cls, code, name, message, record_id, kind,
                      field, file, line, column):
        self.assertIs(type(e), cls)
        self.assertEqual(
            (e.code, e.name, str(e), e.message, e.record_id, e.kind, e.field,
             e.file, e.line, e.column),
            (code, name, message, message, record_id, kind, field, file,
             line, column))

    def test_invalid_value(self):
        e = self.load_error(document(
            '  <organization id="x" type="enterprise" founded="2023-02-29">\n'
            '    <name xml:lang="zh">X</name>\n'
            '  </organization>\n'))
        self.assertDetails(
            e, iedu.InvalidValueError, -7, "IEDU_EVALUE",
            "bad.xml:2:62: error: organization 'x': founded: '2023-02-29' is "
            "not a calendar date: February 2023 has 28 days",
            "x", "organization", "founded", "bad.xml", 2, 62)
        self.assertIsInstance(e, ValueError)
        self.assertIsInstance(e, iedu.DataError)

    def test_reference(self):
        e = self.load_error(document(
            '  <organization id="x" type="enterprise">\n'
            '    <name xml:lang="zh">X</name>\n'
            '    <cite source="nosrc"/>\n'
            '  </organization>\n'))
        self.assertDetails(
            e, iedu.ReferenceError, -10, "IEDU_EREF",
            "bad.xml:2:41: error: organization 'x': cite/@source: no record "
            "has the id 'nosrc'; expected the id of a source in the database "
            "or in the same document",
            "x", "organization", "cite/@source", "bad.xml", 2, 41)

    def test_parse(self):
        e = self.load_error(document('  <organization id="x"\n'))
        self.assertDetails(
            e, iedu.ParseError, -17, "IEDU_EPARSE",
            "bad.xml:3:1: error: malformed XML: error parsing attribute name",
            None, None, None, "bad.xml", 3, 1)

    def test_version(self):
        e = self.load_error(document("", version="2"))
        self.assertDetails(
            e, iedu.VersionError, -18, "IEDU_EVERSION",
            "bad.xml:1:37: error: document version '2' is not supported; "
            "this library reads iedu XML version 1",
            None, None, None, "bad.xml", 1, 37)

    def test_missing_file(self):
        with self.assertRaises(iedu.FileError) as cm:
            iedu.Database("/nonexistent/x.xml")
        self.assertIsInstance(cm.exception, OSError)
        self.assertEqual(cm.exception.code, -16)
        self.assertEqual(str(cm.exception), "cannot open '/nonexistent/x.xml':"
                         " No such file or directory")

    def test_not_found(self):
        with iedu.Database() as db:
            with self.assertRaises(iedu.NotFoundError) as cm:
                db.get("nope")
        self.assertIsInstance(cm.exception, LookupError)
        self.assertEqual(str(cm.exception), "no record has the id 'nope'")
        self.assertEqual(cm.exception.code, -6)

    def test_every_status_code_mapped(self):
        # each IEDU_E* of errors.h has its class, and the same name
        header = (HEADERS / "errors.h").read_text(encoding="utf-8")
        codes = dict((int(v), n) for n, v in re.findall(
            r"^\s*(IEDU_E[A-Z]*|IEDU_ERROR) = (-[0-9]+)\b", header, re.M))
        self.assertEqual(len(codes), 18)
        from iedu import _errors
        self.assertEqual(_errors.STATUS_NAMES, codes)
        for code, (name, cls) in _errors.STATUS.items():
            self.assertTrue(issubclass(cls, iedu.Error), name)
            self.assertIs(type(_errors.from_status(code, "m")), cls)
        self.assertEqual(len({cls for _, cls in _errors.STATUS.values()}), 18)


class TestDataset(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = iedu.Database(DATASET)

    @classmethod
    def tearDownClass(cls):
        cls.db.close()

    def test_counts(self):
        self.assertEqual(len(self.db), 116)
        self.assertEqual(self.db.count("organization"), 43)
        self.assertEqual(self.db.count("membership"), 10)

    def test_get(self):
        r = self.db.get("nf-community")
        self.assertEqual((r.id, r.kind, r.type), ("nf-community",
                                                   "organization", "community"))
        self.assertEqual(r.names, {
            "en": "Industry–Education Integration Community of the National "
                  "Nonferrous Metals Industry",
            "zh": "国家有色金属行业产教融合共同体"})
        self.assertEqual(r.attrs, {"id": "nf-community", "type": "community",
                                   "level": "national",
                                   "founded": "2024-07-02"})
        self.assertEqual((r.level, r.founded, r["founded"], r.dissolved),
                         ("national", "2024-07-02", "2024-07-02", None))
        self.assertEqual(r.cites, [iedu.Cite("src-nf-en", None, None),
                                   iedu.Cite("src-nf-zh", None, None)])
        self.assertEqual(r.aliases, [])
        self.assertEqual(r.name("zh"), "国家有色金属行业产教融合共同体")
        # no name in French: the first by language tag
        self.assertEqual(r.name("fr"), r.names["en"])
        self.assertEqual(repr(r), "<iedu.Record organization 'nf-community'>")
        with self.assertRaises(KeyError):
            r["dissolved"]
        with self.assertRaises(AttributeError):
            r.no_such_attribute
        with self.assertRaises(AttributeError):
            r.member  # an attribute of memberships only
        self.assertEqual(self.db["csu"], self.db.get("csu"))
        self.assertIn("csu", self.db)
        self.assertNotIn("nope", self.db)

    def test_aliases_and_quotes(self):
        r = self.db.get("ustb")
        self.assertEqual(r.aliases,
                         ["Beijing University of Science and Technology"])
        self.assertEqual(r.cites, [iedu.Cite(
            "src-qs-en", None, "Beijing University of Science and Technology")])
        self.assertEqual(r.children("alias"), [iedu.Child(
            "Beijing University of Science and Technology",
            {"xml:lang": "en", "kind": "translation"})])

    def test_titles_and_references(self):
        s = self.db.get("src-policy-2022-12")
        self.assertEqual(s.names["en"], "Opinions on Deepening the Reform of "
                         "the Construction of the Modern Vocational Education "
                         "System")
        self.assertEqual(s.published, "2022-12")
        ev = self.db.get("ev-nf-founding")
        self.assertEqual([h.id for h in ev.refs("hosts")], ["chinalco"])
        self.assertEqual(ev.ref("body").id, "nf-community")

    def test_membership_record(self):
        m = self.db.query("members-of-body", "nf-community")[0]
        self.assertEqual((m.kind, m.id, m.member, m.body, m.from_, m["from"]),
                         ("membership", None, "chinalco", "nf-community",
                          "2024-07-02", "2024-07-02"))
        self.assertEqual(m.roles, ["lead", "chair"])
        self.assertEqual(repr(m), "<iedu.Record membership #0>")

    def test_members(self):
        got = [(m.org.id, m.roles) for m in self.db.members("nf-community")]
        self.assertEqual(got, [
            ("chinalco", ["lead", "chair"]),
            ("csu", ["lead", "vice-chair"]),
            ("lzre", ["lead", "vice-chair"]),
            ("nf-talent-centre", ["vice-chair"]),
            ("cnmc-shares", ["vice-chair"]),
            ("bgrimm", ["vice-chair"]),
            ("nwinm", ["vice-chair"]),
        ])
        self.assertEqual(self.db.members(self.db.get("csu")), [])

    def test_records_added_order(self):
        ids = [r.id for r in self.db.records("organization")]
        self.assertEqual(len(ids), 43)
        self.assertEqual(ids[:3], ["nf-community", "chinalco", "csu"])
        self.assertEqual(
            [r.id for r in self.db.records("organization", type="community")],
            ["nf-community", "qs-community"])

    def test_records_pinyin(self):
        ids = [r.id for r in self.db.records("organization", sort_locale="zh")]
        self.assertEqual(ids[:6], ["cqu", "cqu-materials", "chongqing",
                                   "jiulongpo", "nf-community",
                                   "state-council-gen-office"])
        golden = GOLDEN / "list-org-pinyin.out"
        self.assertEqual(ids, [line.split("\t")[0] for line in
                               golden.read_text(encoding="utf-8").splitlines()])
        self.assertEqual(
            [r.id for r in self.db.records("organization", type="university",
                                           sort_locale="zh")],
            ["cqu", "cqu-materials", "sjtu", "csu", "sh-dianji", "sh-sci-tech",
             "tongji", "ustb"])
        with self.assertRaises(iedu.InvalidArgumentError):
            self.db.records("organisation")

    def test_records_english(self):
        ids = [r.id for r in self.db.records("organization", sort_locale="en",
                                             lang="en")]
        golden = GOLDEN / "list-org-english.out"
        self.assertEqual(ids, [line.split("\t")[0] for line in
                               golden.read_text(encoding="utf-8").splitlines()])

    def test_find(self):
        csu = self.db.get("csu")
        self.assertEqual(self.db.find("zhongnan daxue"),
                         [iedu.Match(csu, "中南大学", "exact", True)])
        self.assertEqual([m.record.id for m in self.db.find("zhonglv")],
                         ["ag-zhitongche", "chinalco-hi", "chalco", "chinalco"])
        self.assertEqual(
            [m.record.id for m in self.db.find("zhonglv", kind="organization",
                                               limit=2)],
            ["chinalco-hi", "chalco"])
        self.assertEqual(self.db.find("no such name anywhere"), [])
        with self.assertRaises(iedu.InvalidValueError):
            self.db.find("   ")

    def test_check(self):
        self.assertEqual(self.db.check(), [
            iedu.Finding(
                "event-after-source", "ev-interview-series", "date",
                "event 'ev-interview-series' is dated 2025-05-12, but source "
                "'src-xinhua-2025', which reports it, was published on "
                "2025-05-11"),
            iedu.Finding(
                "member-count", "st-nf-members", "value",
                "statistic 'st-nf-members' states 157 member units of "
                "organization 'nf-community'; 7 members are recorded"),
        ])

    def test_query(self):
        self.assertEqual(
            [r.id for r in self.db.query("events-of-body", "nf-community")],
            ["ev-nf-founding"])
        self.assertEqual(
            [r.id for r in self.db.query("sources-by-issuer", "nf-community")],
            ["src-nf-charter", "src-nf-council"])
        with self.assertRaises(iedu.InvalidArgumentError):
            self.db.query("no-such-query", "csu")
        with self.assertRaises(iedu.KindError):
            self.db.query("members-of-body", "src-nf-zh")


class TestPinyin(unittest.TestCase):
    def test_pinyin(self):
        self.assertEqual(iedu.pinyin("中南大学"), "zhōng nán dà xué")
        self.assertEqual(iedu.pinyin("曾", personal=True), "zēng")
        with self.assertRaises(iedu.InvalidArgumentError):
            iedu.pinyin("中\0南")


class TestRoundTrip(unittest.TestCase):
    def test_dumps_load_save(self):
        with iedu.Database(str(DATASET)) as db:
            first = db.dumps()
        self.assertTrue(first.startswith(b"<?xml"))
        with iedu.Database() as db, tempfile.TemporaryDirectory() as d:
            db.load(first)
            self.assertEqual(db.dumps(), first)
            path = pathlib.Path(d) / "out.xml"
            db.save(path)
            self.assertEqual(path.read_bytes(), first)
            with iedu.Database(path) as again:
                self.assertEqual(again.dumps(), first)

    def test_export_threads(self):
        with iedu.Database(DATASET) as db:
            first = db.dumps()
            db.set_export_threads(2)
            self.assertEqual(db.dumps(), first)
            with tempfile.TemporaryDirectory() as d:
                path = pathlib.Path(d) / "out.xml"
                db.save(path)
                self.assertEqual(path.read_bytes(), first)
            db.set_export_threads(64)
            self.assertEqual(db.dumps(), first)
            with self.assertRaises(iedu.Error) as cm:
                db.set_export_threads(0)
            self.assertEqual(str(cm.exception),
                             "iedu_db_set_export_threads: nthreads is 0; "
                             "expected a database and 1 or 2 threads")
            with self.assertRaises(TypeError):
                db.set_export_threads(2.0)
            with self.assertRaises(ValueError):
                db.set_export_threads(-1)

    def test_import_threads(self):
        with iedu.Database(DATASET) as db:
            first = db.dumps()
        with iedu.Database() as db:
            db.set_import_threads(2)
            db.load(DATASET)
            self.assertEqual(db.dumps(), first)
            with self.assertRaises(iedu.Error) as cm:
                db.set_import_threads(0)
            self.assertEqual(str(cm.exception),
                             "iedu_db_set_import_threads: nthreads is 0; "
                             "expected a database and 1 or 2 threads")
            with self.assertRaises(TypeError):
                db.set_import_threads("2")
        with iedu.Database() as db:
            db.set_import_threads(2)
            with self.assertRaises(iedu.ReferenceError) as cm:
                db.load(document('  <organization id="x" type="enterprise">'
                                 '\n    <name xml:lang="zh">X</name>\n'
                                 '    <cite source="nosrc"/>\n'
                                 '  </organization>\n'), name="bad.xml")
            self.assertEqual(cm.exception.line, 2)
            self.assertEqual(len(db), 0)

    def test_save_error_keeps_file(self):
        with iedu.Database(DATASET) as db:
            with self.assertRaises(iedu.FileError):
                db.save("/nonexistent/dir/out.xml")


SOURCE = {"kind": "source", "id": "src-t", "type": "news",
          "title": {"en": "A test report"}}
ORG = {"kind": "organization", "id": "swa", "type": "enterprise",
       "founded": "1965",
       "name": {"zh": "西南铝业（集团）有限责任公司", "en": "Southwest Aluminium"},
       "alias": [{"xml:lang": "zh", "kind": "short", "text": "西南铝"}],
       "cite": [{"source": "src-t", "quote": "西南铝"}]}
BODY = {"kind": "organization", "id": "body", "type": "alliance",
        "name": {"en": "A test alliance"}, "cite": {"source": "src-t"}}
MEMBER = {"kind": "membership", "member": "swa", "body": "body",
          "role": ["lead", "chair"], "cite": {"source": "src-t"}}


class TestBatch(unittest.TestCase):
    def test_add(self):
        with iedu.Database() as db:
            db.add(SOURCE, ORG, BODY, MEMBER)
            self.assertEqual(len(db), 4)
            swa = db.get("swa")
            self.assertEqual(swa.names, {"en": "Southwest Aluminium",
                                         "zh": "西南铝业（集团）有限责任公司"})
            self.assertEqual(swa.aliases, ["西南铝"])
            self.assertEqual(swa.founded, "1965")
            self.assertEqual(swa.cites, [iedu.Cite("src-t", None, "西南铝")])
            self.assertEqual([(m.org.id, m.roles) for m in db.members("body")],
                             [("swa", ["lead", "chair"])])
            self.assertEqual(db.find("xinanlv")[0].record, swa)

    def test_context_manager_and_recovery(self):
        with iedu.Database() as db:
            with db.batch() as b:
                b.add(SOURCE)
                bad = dict(ORG, founded="1965-13")
                with self.assertRaises(iedu.InvalidValueError) as cm:
                    b.add(bad)
                self.assertEqual(cm.exception.field, "founded")
                self.assertEqual(len(b), 1, "the failed record is dropped")
                b.add(ORG)
                self.assertEqual(len(b), 2)
                with self.assertRaises(iedu.BusyError):
                    db.batch()
            self.assertEqual(len(db), 2)

    def test_exception_discards(self):
        with iedu.Database() as db:
            with self.assertRaises(RuntimeError):
                with db.batch() as b:
                    b.add(SOURCE)
                    raise RuntimeError("stop")
            self.assertEqual(len(db), 0)
            db.add(SOURCE)  # the database is free for a new batch
            self.assertEqual(len(db), 1)

    def test_commit_failure_changes_nothing(self):
        with iedu.Database() as db:
            db.add(SOURCE)
            with self.assertRaises(iedu.ReferenceError) as cm:
                db.add(MEMBER)
            self.assertEqual(cm.exception.code, -10)
            self.assertEqual(len(db), 1)

    def test_bad_dicts(self):
        with iedu.Database() as db, db.batch() as b:
            with self.assertRaises(iedu.MissingError):
                b.add({"id": "x"})
            with self.assertRaises(iedu.InvalidArgumentError):
                b.add({"kind": "organization", "colour": "red"})
            with self.assertRaises(iedu.MissingError):
                b.add({"kind": "organization", "id": "x", "type": "other"})
            self.assertEqual(len(b), 0)


class TestLifecycle(unittest.TestCase):
    def test_close(self):
        db = iedu.Database(DATASET)
        r = db.get("csu")
        db.close()
        db.close()
        self.assertTrue(db.closed)
        with self.assertRaises(iedu.StateError):
            len(db)
        with self.assertRaises(iedu.StateError):
            r.names

    def test_close_with_open_batch(self):
        db = iedu.Database()
        b = db.batch()
        b.add(SOURCE)
        db.close()
        with self.assertRaises(iedu.StateError):
            b.add(SOURCE)

    def test_context_manager(self):
        with iedu.Database() as db:
            pass
        self.assertTrue(db.closed)


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


@unittest.skipIf(os.environ.get("IEDU_TEST_SANITIZED"),
                 "RSS is meaningless under AddressSanitizer")
@unittest.skipUnless(os.path.exists("/proc/self/statm"), "needs /proc")
class TestMemory(unittest.TestCase):
    def test_no_growth(self):
        calls = int(os.environ.get("IEDU_LEAK_CALLS", "200000"))
        db = iedu.Database(DATASET)

        def missing():
            try:
                db.get("no-such-id")
            except iedu.NotFoundError:
                pass

        ops = [
            lambda: db.get("nf-community").names,
            lambda: db.get("ustb").cites,
            lambda: db.find("zhongnan daxue"),
            db.dumps,
            db.check,
            lambda: list(db.records("organization", sort_locale="zh")),
            lambda: db.members("nf-community"),
            lambda: iedu.pinyin("国家有色金属行业产教融合共同体"),
            missing,
        ]
        warm = len(ops) * 1000
        for i in range(warm):
            ops[i % len(ops)]()
        before = rss_kib()
        for i in range(calls):
            ops[i % len(ops)]()
        grown = rss_kib() - before
        # A leak of the smallest result (a match list) in 1/8 of the calls
        # would be several MiB; allocator noise stays far below.
        self.assertLess(grown, 2048, "RSS grew by %d KiB over %d calls"
                        % (grown, calls))
        db.close()
        if os.environ.get("IEDU_LEAK_REPORT"):
            print("\n%d calls: RSS %d KiB -> %d KiB" % (calls, before,
                                                        before + grown),
                  file=sys.stderr)


if __name__ == "__main__":
    unittest.main()
