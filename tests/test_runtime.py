"""Process settings: the malloc arena cap that keeps the server's memory flat (glibc only)."""

import subprocess
import sys
import textwrap

import pytest

COUNT_HEAPS = textwrap.dedent("""
    import ctypes, os, sys, tempfile, threading
    from mnist_demo.runtime import limit_malloc_arenas
    if sys.argv[1] == "capped":
        assert limit_malloc_arenas(2)
    together = threading.Barrier(12)
    def allocate():
        # each thread's first malloc picks its arena; all stay alive until every one has allocated
        # (a thread that ends hands its arena back for the next one to reuse); blocks below glibc's
        # 128 KB mmap threshold come from the arena itself
        blocks = [bytearray(50_000) for _ in range(20)]
        together.wait()
    threads = [threading.Thread(target=allocate) for _ in range(12)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    libc = ctypes.CDLL("libc.so.6")
    libc.fopen.restype = ctypes.c_void_p
    path = tempfile.mktemp()
    stream = libc.fopen(path.encode(), b"w")
    libc.malloc_info(0, ctypes.c_void_p(stream))
    libc.fclose(ctypes.c_void_p(stream))
    print(open(path).read().count("<heap nr="))
    os.unlink(path)
""")


def heaps(mode: str) -> int:
    env = {"PATH": "/usr/bin:/bin"}  # no MALLOC_ARENA_MAX from the caller
    result = subprocess.run([sys.executable, "-c", COUNT_HEAPS, mode], capture_output=True, text=True, env=env,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    return int(result.stdout.strip())


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc arenas")
def test_threads_share_two_heaps_once_capped():
    assert heaps("capped") <= 2
    assert heaps("default") > 2  # glibc's default: a heap per thread, up to 8 per core


def test_a_choice_in_the_environment_wins(monkeypatch):
    from mnist_demo.runtime import limit_malloc_arenas

    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")
    assert limit_malloc_arenas() is False
