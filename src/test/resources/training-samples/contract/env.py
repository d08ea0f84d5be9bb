import os, sys
for key in sorted(os.environ):
    print(f"ENV {key}={os.environ[key]}")
with open(os.environ["ESTEIRA_PARAMS"]) as f:
    print("PARAMS " + f.read().replace("\n", " "))
with open(os.environ["ESTEIRA_TRAINING_SET"]) as f:
    print("HEADER " + f.readline().strip())
    print("ROWS %d" % sum(1 for _ in f))
sys.exit(1)
