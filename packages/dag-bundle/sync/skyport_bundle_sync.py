"""Keeps a deployment's active DAG bundle installed in a shared folder.

Runs inside the Airflow pods of a Skyport deployment (an init container with --once, then a
sidecar), from the runtime's own Airflow image: Python's standard library only.

It asks Skyport which bundle is active, downloads it with the deployment's read-only bundle
credential, verifies its SHA-256, unpacks it into a folder of its own (refusing links, absolute
paths and anything outside the folder), and then points the `current` symlink at it with one
atomic rename. Airflow reads `<root>/current` as its DAG folder, so a reader sees the old bundle
or the new one, never a half-unpacked folder.

Layout under --root:
    current -> bundles/<sha256>     (the symlink Airflow reads through)
    bundles/<sha256>/...            (unpacked bundles: the current one and the one before)
    incoming/                       (downloads and unpacking in progress)

Settings come from the environment (the rendered pod spec):
    SKYPORT_BUNDLE_URL      the deployment's active-bundle endpoint
    SKYPORT_BUNDLE_TOKEN    the read-only bundle credential (never logged)
    SKYPORT_BUNDLE_ROOT     the shared folder (default /opt/airflow/skyport-dags)
    SKYPORT_BUNDLE_INTERVAL seconds between polls (default 10)
    SKYPORT_BUNDLE_COMPONENT the part of the runtime this pod is (scheduler, worker-default...),
                            sent with each report so Skyport can tell which parts run a deploy;
                            comma-separated when one sync serves several (a local runtime)

Reports ride on the polls: X-Skyport-Installed names the bundle this pod runs; X-Skyport-Failed
and X-Skyport-Error name a bundle that can never be installed (its SHA-256 does not match, it
cannot be unpacked, it is too large) and why, so its deploy fails instead of waiting.
"""

import argparse
import hashlib
import json
import os
import shutil
import sys
import tarfile
import time
import urllib.error
import urllib.parse
import urllib.request

CHUNK = 1024 * 1024
MAX_BYTES = int(os.environ.get("SKYPORT_BUNDLE_MAX_BYTES", str(1024 * 1024 * 1024)))


def log(level, message, **fields):
    record = {"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "level": level, "msg": message}
    record.update(fields)
    sys.stdout.write(json.dumps(record) + "\n")
    sys.stdout.flush()


class SyncError(Exception):
    def __init__(self, message, permanent=False):
        super().__init__(message)
        # Retrying cannot help (the bytes are wrong): worth reporting to Skyport.
        self.permanent = permanent


def header_text(text, limit=300):
    """Printable ASCII on one line, as an HTTP header value must be."""
    return "".join(c if " " <= c <= "~" else "?" for c in text)[:limit]


def request(url, token, accept, installed=None, failed=None):
    headers = {"Authorization": "Bearer " + token, "Accept": accept}
    component = os.environ.get("SKYPORT_BUNDLE_COMPONENT")
    if component:
        headers["X-Skyport-Component"] = header_text(component, 2000)
    if installed:
        # Tells Skyport which bundle this pod runs, so the deploy of that bundle can turn ACTIVE.
        headers["X-Skyport-Installed"] = installed
    if failed:
        headers["X-Skyport-Failed"] = failed[0]
        headers["X-Skyport-Error"] = header_text(failed[1])
    req = urllib.request.Request(url, headers=headers)
    return urllib.request.urlopen(req, timeout=60)


def active_bundle(url, token, installed=None, failed=None):
    """The active bundle as {"sha256", "downloadUrl"}, or None when the deployment has none."""
    try:
        with request(url, token, "application/json", installed, failed) as answer:
            if answer.status == 204:
                return None
            body = json.load(answer)
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return None
        raise SyncError("Skyport answered HTTP %d for the active bundle" % error.code)
    except urllib.error.URLError as error:
        raise SyncError("could not reach Skyport: %s" % error.reason)
    sha = body.get("sha256")
    if not isinstance(sha, str) or len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise SyncError("Skyport named no valid bundle SHA-256")
    return {"sha256": sha, "downloadUrl": urllib.parse.urljoin(url, body.get("downloadUrl", ""))}


def download(bundle, token, target):
    """Downloads the bundle to target, hashing as it goes; refuses a body with another SHA-256."""
    digest = hashlib.sha256()
    size = 0
    try:
        with request(bundle["downloadUrl"], token, "application/gzip") as answer, open(target, "wb") as out:
            while True:
                chunk = answer.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > MAX_BYTES:
                    raise SyncError("the bundle is larger than %d bytes" % MAX_BYTES, permanent=True)
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except urllib.error.HTTPError as error:
        raise SyncError("Skyport answered HTTP %d for the bundle download" % error.code)
    except urllib.error.URLError as error:
        raise SyncError("could not reach Skyport: %s" % error.reason)
    if digest.hexdigest() != bundle["sha256"]:
        raise SyncError(
            "the download's SHA-256 is %s, not %s: refused" % (digest.hexdigest(), bundle["sha256"]),
            permanent=True,
        )


def safe_members(archive, destination):
    """Every member, checked: regular files and folders only, all inside destination."""
    root = os.path.realpath(destination)
    for member in archive.getmembers():
        name = member.name
        if name.startswith("/") or "\\" in name or "\0" in name:
            raise SyncError("the bundle holds an unsafe path: %r" % name, permanent=True)
        if ".." in name.split("/"):
            raise SyncError("the bundle holds a path outside its folder: %r" % name, permanent=True)
        if not (member.isfile() or member.isdir()):
            raise SyncError("the bundle holds %r, which is not a regular file or folder" % name, permanent=True)
        path = os.path.realpath(os.path.join(root, name))
        if path != root and not path.startswith(root + os.sep):
            raise SyncError("the bundle holds a path outside its folder: %r" % name)
        member.mode = 0o755 if member.isdir() else (0o755 if member.mode & 0o111 else 0o644)
        member.uid = member.gid = os.getuid()
        yield member


def unpack(tarball, destination):
    os.makedirs(destination)
    with tarfile.open(tarball, "r:gz") as archive:
        members = list(safe_members(archive, destination))
        for member in members:
            archive.extract(member, destination, set_attrs=False, numeric_owner=True)


def current_sha(root):
    try:
        return os.path.basename(os.readlink(os.path.join(root, "current")))
    except OSError:
        return None


def install(root, bundle, token):
    """Installs a bundle and swaps `current` to it; the old bundle stays until the next swap."""
    sha = bundle["sha256"]
    incoming = os.path.join(root, "incoming")
    bundles = os.path.join(root, "bundles")
    os.makedirs(incoming, exist_ok=True)
    os.makedirs(bundles, exist_ok=True)
    final = os.path.join(bundles, sha)
    if not os.path.isdir(final):
        tarball = os.path.join(incoming, sha + ".tar.gz")
        staging = os.path.join(incoming, sha + ".d")
        shutil.rmtree(staging, ignore_errors=True)
        try:
            download(bundle, token, tarball)
            try:
                unpack(tarball, staging)
            except (tarfile.TarError, EOFError, OSError) as error:
                raise SyncError("the bundle could not be unpacked: %s" % error, permanent=True)
            os.rename(staging, final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
            if os.path.exists(tarball):
                os.remove(tarball)
    link = os.path.join(root, ".current.%d" % os.getpid())
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.join("bundles", sha), link)
    os.replace(link, os.path.join(root, "current"))
    return final


def collect(root, keep):
    """Removes unpacked bundles other than those in keep (the current one and the one before)."""
    bundles = os.path.join(root, "bundles")
    for name in os.listdir(bundles) if os.path.isdir(bundles) else []:
        if name not in keep:
            shutil.rmtree(os.path.join(bundles, name), ignore_errors=True)


def sync_once(root, url, token, previous):
    bundle = active_bundle(url, token, current_sha(root))
    if bundle is None:
        if current_sha(root) is None:
            # No deploy yet: Airflow gets an empty DAG folder rather than a missing one.
            os.makedirs(os.path.join(root, "bundles", "empty"), exist_ok=True)
            link = os.path.join(root, ".current.%d" % os.getpid())
            os.symlink(os.path.join("bundles", "empty"), link)
            os.replace(link, os.path.join(root, "current"))
        return current_sha(root), previous
    installed = current_sha(root)
    if installed == bundle["sha256"]:
        return installed, previous
    started = time.monotonic()
    try:
        install(root, bundle, token)
    except SyncError as error:
        if error.permanent:
            try:
                active_bundle(url, token, installed, failed=(bundle["sha256"], str(error)))
            except SyncError as unreported:
                log("warning", "could not report the failed bundle: %s" % unreported)
        raise
    log("info", "bundle installed", sha256=bundle["sha256"], seconds=round(time.monotonic() - started, 3))
    collect(root, {bundle["sha256"], installed} - {None})
    try:
        active_bundle(url, token, bundle["sha256"])
    except SyncError as error:
        log("warning", "could not report the installed bundle: %s" % error)
    return bundle["sha256"], installed


def main(argv=None):
    parser = argparse.ArgumentParser(description="Keeps the active Skyport DAG bundle installed.")
    parser.add_argument("--once", action="store_true", help="install the active bundle and exit")
    parser.add_argument("--root", default=os.environ.get("SKYPORT_BUNDLE_ROOT", "/opt/airflow/skyport-dags"))
    parser.add_argument("--interval", type=float, default=float(os.environ.get("SKYPORT_BUNDLE_INTERVAL", "10")))
    args = parser.parse_args(argv)
    url = os.environ.get("SKYPORT_BUNDLE_URL")
    token = os.environ.get("SKYPORT_BUNDLE_TOKEN")
    if not url or not token:
        log("error", "SKYPORT_BUNDLE_URL and SKYPORT_BUNDLE_TOKEN must be set")
        return 2
    os.makedirs(args.root, exist_ok=True)
    previous = None
    while True:
        try:
            _, previous = sync_once(args.root, url, token, previous)
            if args.once:
                return 0
        except SyncError as error:
            log("error", str(error))
            if args.once:
                return 1
        time.sleep(args.interval)


if __name__ == "__main__":
    sys.exit(main())
