import os
import onnx
from onnx import TensorProto, helper
x = helper.make_tensor_value_info("customer_age", TensorProto.FLOAT, [None, 1])
y = helper.make_tensor_value_info("probability", TensorProto.FLOAT, [None, 1])
graph = helper.make_graph([helper.make_node("Sigmoid", ["customer_age"], ["probability"])], "g", [x], [y])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
out = os.environ["ESTEIRA_OUTPUT_DIR"]
onnx.save(model, os.path.join(out, "model.onnx"))
with open(os.path.join(out, "metrics.json"), "w") as f:
    f.write('{"auc": 0.7}')
print("wrote a model of an input the training set does not have")
