import json, os
with open(os.path.join(os.environ["ESTEIRA_OUTPUT_DIR"], "metrics.json"), "w") as f:
    json.dump({"auc": 0.9}, f)
print("wrote metrics only")
