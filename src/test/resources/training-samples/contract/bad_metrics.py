import os
out = os.environ["ESTEIRA_OUTPUT_DIR"]
with open(os.path.join(out, "model.onnx"), "wb") as f:
    f.write(b"\x08\x08")
with open(os.path.join(out, "metrics.json"), "w") as f:
    f.write('{"auc": "excellent"}')
print("wrote metrics that are not numbers")
