# The training pod's first and last steps (Esteira's kubernetes runner): fetch the run's inputs from the portal
# with the run's one-time token, run the job's command with the contract's environment, send the outputs back.
# Python's standard library only: it runs in any image that has the job's python3.
import json, os, shutil, subprocess, sys, urllib.error, urllib.parse, urllib.request, zipfile

base = os.environ["ESTEIRA_PORTAL_URL"].rstrip("/") + "/api/v1/training/runs/" + os.environ["ESTEIRA_RUN_ID"]
token = os.environ.pop("ESTEIRA_RUN_TOKEN")
root = os.environ.pop("ESTEIRA_RUN_DIR")
command = json.loads(os.environ.pop("ESTEIRA_COMMAND"))
workdir = os.environ.pop("ESTEIRA_WORKDIR")
del os.environ["ESTEIRA_PORTAL_URL"]


def note(line):
    print("[esteira pod] " + line, flush=True)


def call(method, path, body=None, length=None):
    headers = {"Authorization": "Bearer " + token}
    if body is not None:
        headers["Content-Type"] = "application/octet-stream"
        headers["Content-Length"] = str(length)
    request = urllib.request.Request(base + path, data=body, method=method, headers=headers)
    try:
        return urllib.request.urlopen(request, timeout=600)
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", "replace")
        try:
            detail = json.loads(detail).get("detail", detail)
        except ValueError:
            pass
        note("The portal refused %s %s: %s %s" % (method, path, e.code, detail))
        sys.exit(70)
    except OSError as e:
        note("The portal cannot be reached at %s: %s" % (base, e))
        sys.exit(69)


os.makedirs(root, exist_ok=True)
note("Fetching the run's code, training set and parameters from the portal")
bundle = os.path.join(root, ".inputs.zip")
with call("GET", "/bundle") as response, open(bundle, "wb") as file:
    shutil.copyfileobj(response, file)
real_root = os.path.realpath(root)
with zipfile.ZipFile(bundle) as archive:
    for name in archive.namelist():
        target = os.path.realpath(os.path.join(root, name))
        if not target.startswith(real_root + os.sep):
            note("The inputs hold a path outside the run's folder: " + name)
            sys.exit(65)
    archive.extractall(root)
os.remove(bundle)
for folder in ("output", "home", "tmp"):
    os.makedirs(os.path.join(root, folder), exist_ok=True)

note("Running " + " ".join(command))
code = subprocess.call(command, cwd=workdir, env=dict(os.environ))
if code != 0:
    note("The job exited with code %d" % code)
    sys.exit(code if 0 < code < 256 else 1)

output = os.path.join(root, "output")
sent = 0
for folder, _, files in os.walk(output):
    for name in sorted(files):
        path = os.path.join(folder, name)
        relative = os.path.relpath(path, output).replace(os.sep, "/")
        if os.path.islink(path):
            continue
        if relative not in ("model.onnx", "metrics.json", "model-card.md") and not (
                relative.startswith("plots/") and relative.count("/") == 1):
            note("Left out %s: the portal takes model.onnx, metrics.json, model-card.md and plots/<file>" % relative)
            continue
        size = os.path.getsize(path)
        with open(path, "rb") as file:
            call("PUT", "/outputs/" + urllib.parse.quote(relative), file, size).close()
        sent += 1
        note("Sent %s (%d bytes)" % (relative, size))
note("Sent %d output file(s); the portal registers the version" % sent)
