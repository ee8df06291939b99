"""scripts/lsan_report.py, the judge of the AddressSanitizer run's LeakSanitizer report: the test
harness's own leaks pass, any other direct leak fails."""
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "lsan_report.py"

HEAD = "==123==ERROR: LeakSanitizer: detected memory leaks\n\n"
TEST_CASE = """Direct leak of 48 byte(s) in 2 object(s) allocated from:
    #0 0x55 in malloc asan_malloc_linux.cpp:67:3
    #1 0x7f in swift_slowAlloc (libswiftCore.so+0x46fa6e)
    #2 0x7f in swift_allocObject (libswiftCore.so+0x46fdc6)
    #3 0x55 in $s13GeometryTests09WKBOracleB0C4name11testClosureACSS_y6XCTest0G4CaseCKctcfc <stdin>
    #4 0x7f in $s6XCTest11XCTMainMisc_9arguments9observers crtstuff.c

"""
WEAK = """Direct leak of 32 byte(s) in 1 object(s) allocated from:
    #0 0x55 in posix_memalign asan_malloc_linux.cpp:139:3
    #1 0x7f in swift_slowAlloc (libswiftCore.so+0x46fa93)
    #2 0x7f in swift::RefCounts<>::formWeakReference()
    #3 0x7f in swift_weakAssign (libswiftCore.so+0x471c9a)
    #4 0x7f in $s6XCTest21awaitUsingExpectationyyyyYaKcKF crtstuff.c

"""
PROCESS = """Direct leak of 32 byte(s) in 1 object(s) allocated from:
    #0 0x55 in posix_memalign asan_malloc_linux.cpp:139:3
    #1 0x7f in swift_slowAlloc (libswiftCore.so+0x46fa93)
    #2 0x7f in swift::RefCounts<>::formWeakReference() crtstuff.c
    #3 0x7f in swift_weakAssign (libswiftCore.so+0x471c9a)
    #4 0x7f in $s10Foundation7ProcessC3runyyKF (libFoundation.so+0x35d3f1)
    #5 0x55 in $s8CLITests12NRouteRunnerV3run7command_2inAC6ResultVSS_SaySSG NRouteRunner.swift:43:15

"""
GLOBAL = """Direct leak of 24 byte(s) in 1 object(s) allocated from:
    #0 0x55 in malloc asan_malloc_linux.cpp:67:3
    #1 0x7f in swift_slowAlloc (libswiftCore.so+0x46fa6e)
    #2 0x7f in swift_allocObject (libswiftCore.so+0x46fdc6)
    #3 0x55 in $s15GeoFormatsTests16sampleGeometries_WZ <stdin>
    #4 0x7f in swift::threading_impl::once_slow(swift::threading_impl::once_t&, void (*)(void*), void*) crtstuff.c
    #5 0x55 in $s15GeoFormatsTests16sampleGeometriesSay0aB00A4JSONO8GeometryOGvau TestSupport.swift:49:5

"""
INDIRECT = """Indirect leak of 7672 byte(s) in 7 object(s) allocated from:
    #0 0x55 in malloc asan_malloc_linux.cpp:67:3
    #1 0x55 in operator new(unsigned long)
    #2 0x55 in $s8Geometry0A7ContextCACycfC Sources/Geometry/GeometryContext.swift

"""
GEOS = """Direct leak of 40 byte(s) in 1 object(s) allocated from:
    #0 0x55 in operator new(unsigned long)
    #1 0x7f in GEOSGeom_createPointFromXY_r (libgeos_c.so.1+0x1c2f0)
    #2 0x55 in $s8Geometry0A0V5point Sources/Geometry/Construction.swift:12:9

"""
SUMMARY = "SUMMARY: AddressSanitizer: 7792 byte(s) leaked in 12 allocation(s).\n"


def judge(tmp_path, text):
    log = tmp_path / "asan.log"
    log.write_text(text)
    return subprocess.run([sys.executable, str(SCRIPT), str(log)], capture_output=True, text=True)


def test_harness_leaks_pass(tmp_path):
    r = judge(tmp_path, HEAD + TEST_CASE + WEAK + PROCESS + GLOBAL + INDIRECT + SUMMARY)
    assert r.returncode == 0, r.stderr
    assert "XCTest test-case instance" in r.stderr and "expectation weak side table" in r.stderr
    assert "Process.run weak side table" in r.stderr and "one-time initialiser" in r.stderr
    assert "7672 bytes" in r.stderr  # indirect leaks are counted


def test_a_library_object_never_freed_fails(tmp_path):
    r = judge(tmp_path, HEAD + TEST_CASE + GEOS + INDIRECT + SUMMARY)
    assert r.returncode == 1
    assert "GEOSGeom_createPointFromXY_r" in r.stderr
    assert "1 leak(s), 40 bytes" in r.stderr


def test_no_leaks_pass(tmp_path):
    r = judge(tmp_path, "Test Suite 'All tests' passed\n")
    assert r.returncode == 0, r.stderr
