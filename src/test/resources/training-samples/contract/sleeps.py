import os, subprocess, time
# a child of its own, to show that cancelling stops the whole job
child = subprocess.Popen(["sleep", "600"])
print(f"PIDS {os.getpid()} {child.pid}", flush=True)
time.sleep(600)
