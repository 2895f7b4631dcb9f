"""Test hosts on this machine: one network namespace per host, each joined to a bridge by a
veth pair, with addresses in a private /24 that exists only while the test runs.

The root namespace holds the bridge's address (.1) and drives the hosts from there. Needs
root and `ip netns`; `available()` says whether this machine allows it.
"""

import os
import random
import shutil
import subprocess
from pathlib import Path


def _ip(*args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["ip", *args], check=check, capture_output=True)


def available() -> str | None:
    """None when network namespaces can be made here, else why not."""
    if os.geteuid() != 0:
        return "needs root"
    if not shutil.which("ip"):
        return "no `ip` command"
    probe = f"asprobe{os.getpid() % 10000}"
    made = _ip("netns", "add", probe, check=False)
    if made.returncode != 0:
        return f"ip netns refused: {made.stderr.decode().strip()}"
    _ip("netns", "delete", probe, check=False)
    return None


def _free_subnet() -> str:
    """A 10.213.N.0/24 that no interface of this machine is on."""
    taken = _ip("-4", "route", "show").stdout.decode()
    for _ in range(50):
        n = random.randrange(10, 250)
        if f"10.213.{n}." not in taken:
            return f"10.213.{n}"
    raise RuntimeError("no free test subnet")


class TestNetwork:
    """`host(name)` makes a namespace and returns its address; `close()` removes everything."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self) -> None:
        self.tag = f"as{os.getpid() % 10000:04d}"  # interface names stay under 15 characters
        self.prefix = _free_subnet()
        self.subnet = f"{self.prefix}.0/24"
        self.gateway = f"{self.prefix}.1"
        self.bridge = f"{self.tag}br"
        self.hosts: dict[str, str] = {}
        self._procs: list[subprocess.Popen[bytes]] = []
        _ip("link", "add", self.bridge, "type", "bridge")
        _ip("addr", "add", f"{self.gateway}/24", "dev", self.bridge)
        _ip("link", "set", self.bridge, "up")

    def namespace(self, name: str) -> str:
        return f"{self.tag}-{name}"

    def host(self, name: str) -> str:
        index = len(self.hosts) + 1
        ns, address = self.namespace(name), f"{self.prefix}.{10 + index}"
        inside, outside = f"{self.tag}h{index}", f"{self.tag}b{index}"
        _ip("netns", "add", ns)
        self.hosts[name] = address  # from here on, close() removes it
        _ip("link", "add", inside, "type", "veth", "peer", "name", outside)
        _ip("link", "set", inside, "netns", ns)
        _ip("link", "set", outside, "master", self.bridge)
        _ip("link", "set", outside, "up")
        _ip("-n", ns, "addr", "add", f"{address}/24", "dev", inside)
        _ip("-n", ns, "link", "set", inside, "up")
        _ip("-n", ns, "link", "set", "lo", "up")
        _ip("-n", ns, "route", "add", "default", "via", self.gateway)
        return address

    def start(
        self, name: str, command: list[str], env: dict[str, str], log: Path
    ) -> subprocess.Popen[bytes]:
        """Run `command` on host `name` (ip netns exec replaces itself with the command, so
        the process is the command's own: killing it kills the host's program)."""
        out = log.open("ab")
        proc = subprocess.Popen(
            ["ip", "netns", "exec", self.namespace(name), *command],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        out.close()
        self._procs.append(proc)
        return proc

    def stop_programs(self) -> None:
        for proc in self._procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self._procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def close(self) -> None:
        """Removes the hosts and the bridge; stop what runs on them first."""
        self.stop_programs()
        for name in self.hosts:
            _ip("netns", "delete", self.namespace(name), check=False)
        _ip("link", "delete", self.bridge, check=False)
