"""A training job that follows Esteira's job contract (see docs/training.md, section "The job contract").

It reads the training set and its description from the paths the portal gives it, fits a logistic
regression with scikit-learn, and writes:

- model.onnx: the model with its preprocessing (standardised numbers, one-hot categories) in the graph,
  one input per feature named as the feature, one output "probability" of shape [N, 1];
- metrics.json: AUC, log loss, accuracy and counts on a held-out part of the rows;
- model-card.md: a fragment the portal adds to the version's model card.

Parameters (params.json): label (defaults to the job's label column), features (defaults to every
feature of the training set), C (1.0), max_iter (200), holdout (0.2). The seed comes from ESTEIRA_SEED.
The job's stdout is the run's log.
"""
import csv
import json
import math
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, log_loss, roc_auc_score


def env(name):
    value = os.environ.get(name)
    if not value:
        sys.exit(f"{name} is not set: run this job through the portal, or set it as the job contract in docs/training.md says")
    return value


def truthy(text):
    return text.strip().lower() in ("1", "true", "t", "yes", "y")


def main():
    with open(env("ESTEIRA_INPUTS"), encoding="utf-8") as f:
        inputs = json.load(f)
    with open(env("ESTEIRA_PARAMS"), encoding="utf-8") as f:
        params = json.load(f)
    out = env("ESTEIRA_OUTPUT_DIR")
    seed = int(os.environ.get("ESTEIRA_SEED", "42"))

    label = params.get("label") or inputs.get("label")
    if not label:
        sys.exit("No label: give the job a label column, or the parameter 'label'")
    kinds = {f["name"]: f["kind"] for f in inputs["features"]}
    wanted = [s.strip() for s in params["features"].split(",")] if params.get("features") else list(kinds)
    unknown = [f for f in wanted if f not in kinds]
    if unknown:
        sys.exit(f"Not features of the training set: {', '.join(unknown)}")
    numeric = [f for f in wanted if kinds[f] in ("NUMBER", "BOOLEAN")]
    categorical = [f for f in wanted if kinds[f] == "TEXT"]
    if not numeric and not categorical:
        sys.exit("No numeric or text feature to train on")

    # the rows one at a time into columns: the file is never parsed as a whole
    columns = {f: [] for f in numeric + categorical}
    y = []
    skipped = 0
    with open(env("ESTEIRA_TRAINING_SET"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row.get(label) in (None, ""):
                skipped += 1
                continue
            y.append(1 if truthy(row[label]) else 0)
            for name in numeric:
                value = row.get(name, "")
                columns[name].append(float("nan") if value == "" else (1.0 if kinds[name] == "BOOLEAN" and truthy(value)
                                                                       else 0.0 if kinds[name] == "BOOLEAN" else float(value)))
            for name in categorical:
                columns[name].append(row.get(name, ""))
    y = np.array(y)
    print(f"Read {len(y)} rows ({skipped} without a label); numeric features {numeric}, categorical {categorical}", flush=True)
    if len(y) < 10 or len(set(y.tolist())) < 2:
        sys.exit(f"Too few rows or a single class to train on: {len(y)} rows, classes {sorted(set(y.tolist()))}")

    means, stds, blocks = {}, {}, []
    for name in numeric:
        values = np.array(columns[name], dtype=np.float64)
        mean = float(np.nanmean(values)) if not np.all(np.isnan(values)) else 0.0
        values = np.where(np.isnan(values), mean, values)
        std = float(values.std()) or 1.0
        means[name], stds[name] = mean, std
        blocks.append(((values - mean) / std).reshape(-1, 1))
    categories = {}
    for name in categorical:
        categories[name] = sorted(set(columns[name]))
        index = {c: i for i, c in enumerate(categories[name])}
        block = np.zeros((len(y), len(categories[name])))
        for r, value in enumerate(columns[name]):
            block[r, index[value]] = 1.0
        blocks.append(block)
    x = np.hstack(blocks)

    rng = np.random.default_rng(seed)
    holdout = rng.random(len(y)) < float(params.get("holdout", 0.2))
    if len(set(y[~holdout].tolist())) < 2 or len(set(y[holdout].tolist())) < 2:
        holdout = np.arange(len(y)) % 5 == 0
    model = LogisticRegression(C=float(params.get("C", 1.0)), max_iter=int(params.get("max_iter", 200)), random_state=seed)
    model.fit(x[~holdout], y[~holdout])
    p = model.predict_proba(x[holdout])[:, 1]
    metrics = {
        "auc": float(roc_auc_score(y[holdout], p)) if len(set(y[holdout].tolist())) > 1 else 0.5,
        "log_loss": float(log_loss(y[holdout], p, labels=[0, 1])),
        "accuracy": float(accuracy_score(y[holdout], p >= 0.5)),
        "training_rows": int((~holdout).sum()),
        "holdout_rows": int(holdout.sum()),
        "positive_rate": float(y.mean()),
    }
    print(f"Holdout: AUC {metrics['auc']:.4f}, log loss {metrics['log_loss']:.4f}", flush=True)

    onnx.save(graph(numeric, categorical, means, stds, categories, model), os.path.join(out, "model.onnx"))
    with open(os.path.join(out, "metrics.json"), "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2)
    with open(os.path.join(out, "model-card.md"), "w", encoding="utf-8") as f:
        f.write(f"## Logistic regression\n\nscikit-learn {__import__('sklearn').__version__}, C = {params.get('C', 1.0)}, "
                f"seed {seed}. Label `{label}`; numeric features standardised ({', '.join(numeric) or 'none'}), "
                f"categories one-hot encoded ({', '.join(categorical) or 'none'}; an unseen category counts as none).\n\n"
                f"Held out {metrics['holdout_rows']} of {len(y)} rows: AUC {metrics['auc']:.3f}.\n")
    print("Wrote model.onnx, metrics.json and model-card.md", flush=True)


def graph(numeric, categorical, means, stds, categories, model):
    """The ONNX graph built node by node: the onnx package has no converter for scikit-learn."""
    nodes, inputs, initializers, parts = [], [], [], []
    for name in numeric:
        inputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [None, 1]))
        initializers += [helper.make_tensor(f"{name}_mean", TensorProto.FLOAT, [1], [means[name]]),
                         helper.make_tensor(f"{name}_std", TensorProto.FLOAT, [1], [stds[name]])]
        nodes += [helper.make_node("Sub", [name, f"{name}_mean"], [f"{name}_centred"]),
                  helper.make_node("Div", [f"{name}_centred", f"{name}_std"], [f"{name}_scaled"])]
        parts.append(f"{name}_scaled")
    for name in categorical:
        inputs.append(helper.make_tensor_value_info(name, TensorProto.STRING, [None, 1]))
        size = len(categories[name])
        initializers.append(helper.make_tensor(f"{name}_shape", TensorProto.INT64, [2], [-1, size]))
        nodes += [helper.make_node("OneHotEncoder", [name], [f"{name}_onehot3"], domain="ai.onnx.ml",
                                   cats_strings=categories[name], zeros=1),
                  helper.make_node("Reshape", [f"{name}_onehot3", f"{name}_shape"], [f"{name}_onehot"])]
        parts.append(f"{name}_onehot")
    weights = model.coef_.reshape(-1, 1).astype(np.float32)
    initializers += [helper.make_tensor("weights", TensorProto.FLOAT, list(weights.shape), weights.flatten().tolist()),
                     helper.make_tensor("bias", TensorProto.FLOAT, [1], [float(model.intercept_[0])])]
    nodes += [helper.make_node("Concat", parts, ["features"], axis=1),
              helper.make_node("MatMul", ["features", "weights"], ["logit_raw"]),
              helper.make_node("Add", ["logit_raw", "bias"], ["logit"]),
              helper.make_node("Sigmoid", ["logit"], ["probability"])]
    output = helper.make_tensor_value_info("probability", TensorProto.FLOAT, [None, 1])
    g = helper.make_graph(nodes, "logistic_regression", inputs, [output], initializers)
    m = helper.make_model(g, producer_name="esteira-sample-logistic-regression",
                          opset_imports=[helper.make_opsetid("", 13), helper.make_opsetid("ai.onnx.ml", 1)])
    m.ir_version = 8
    onnx.checker.check_model(m)
    return m


if __name__ == "__main__":
    main()
