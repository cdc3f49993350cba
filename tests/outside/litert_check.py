#!/usr/bin/env python3
"""Outside check of the int8 reference: the same model run by LiteRT.

Reads a .cnnm model with a parser of its own (docs/model-format.md),
rebuilds it as a TensorFlow Lite flatbuffer (per-channel int8 weights,
int32 biases, the model's float scales and zero points), runs the first N
images of an IDX set through LiteRT's interpreter and compares every int8
logit with the file that `cnnacc eval --logits` wrote.

TFLite derives each requantization multiplier from the float scales in
double precision, as the model format requires of the stored integers, so
agreement checks the reference's arithmetic against an implementation
written by other people.

Checked: the graph with every fully connected layer written as a CONV_2D
whose kernel covers its whole input (the same dot products), on LiteRT's
reference kernels. Reported for information: the same graph on LiteRT's
optimised kernels, and the graph with FULLY_CONNECTED operators on both;
those kernels round differently in places (docs/verification.md).

Usage: litert_check.py MODEL IDX_DIR LOGITS_FILE COUNT
Prints "N passed, M failed"; exits non-zero on any difference.
"""
import gzip
import importlib
import math
import os
import struct
import sys
import zlib

import flatbuffers
import numpy as np
from ai_edge_litert.interpreter import Interpreter, OpResolverType

# The tflite package's generated modules: the package exports the classes
# under the module names, so the builder functions are reached by module.
def _schema(name):
    return importlib.import_module("tflite." + name)


Buffer, Conv2DOptions, FullyConnectedOptions, Model, Operator, OperatorCode, Pool2DOptions, \
    QuantizationParameters, SubGraph, Tensor = map(_schema, (
        "Buffer", "Conv2DOptions", "FullyConnectedOptions", "Model", "Operator", "OperatorCode",
        "Pool2DOptions", "QuantizationParameters", "SubGraph", "Tensor"))
from tflite import ActivationFunctionType, BuiltinOperator, BuiltinOptions, Padding, TensorType  # noqa: E402

KIND_CONV, KIND_MAXPOOL, KIND_AVGPOOL, KIND_FC = 1, 2, 3, 4
HEADER_FIELDS = ("in_h", "in_w", "in_c", "out_h", "out_w", "out_c", "k_h", "k_w",
                 "stride_h", "stride_w", "pad_t", "pad_b", "pad_l", "pad_r", "relu")


class CheckError(Exception):
    pass


# --- model file ---------------------------------------------------------------

def read_model(path):
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 36 or data[:4] != b"CNNM":
        raise CheckError(f"{path}: not a .cnnm model file")
    version, size = struct.unpack_from("<II", data, 4)
    if version != 1 or size != len(data):
        raise CheckError(f"{path}: version {version}, size {size} (file {len(data)} bytes)")
    if zlib.crc32(data[:-4]) != struct.unpack_from("<I", data, len(data) - 4)[0]:
        raise CheckError(f"{path}: CRC mismatch")
    (count,) = struct.unpack_from("<I", data, 28)
    layers, pos = [], 32
    for _ in range(count):
        kind = struct.unpack_from("<i", data, pos)[0]
        name = data[pos + 4:pos + 20].split(b"\0")[0].decode()
        layer = dict(zip(HEADER_FIELDS, struct.unpack_from("<15i", data, pos + 20)))
        layer.update(kind=kind, name=name)
        (layer["in_scale"], layer["out_scale"], layer["in_zp"],
         layer["out_zp"]) = struct.unpack_from("<ffii", data, pos + 80)
        pos += 96
        if kind in (KIND_CONV, KIND_FC):
            oc = layer["out_c"]
            if kind == KIND_CONV:
                shape = (oc, layer["k_h"], layer["k_w"], layer["in_c"])
            else:
                shape = (oc, layer["in_c"])
            n = int(np.prod(shape))
            layer["weights"] = np.frombuffer(data, np.int8, n, pos).reshape(shape)
            pos += n
            layer["bias"] = np.frombuffer(data, "<i4", oc, pos)
            pos += 4 * oc
            layer["w_scale"] = np.frombuffer(data, "<f4", oc, pos)
            pos += 4 * oc + 8 * oc  # the stored multipliers are not used here
        layers.append(layer)
    return layers


def read_idx_images(directory, count):
    for name in ("t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"):
        path = os.path.join(directory, name)
        if os.path.exists(path):
            opener = gzip.open if name.endswith(".gz") else open
            with opener(path, "rb") as f:
                data = f.read()
            magic, n, rows, cols = struct.unpack_from(">IIII", data, 0)
            if magic != 0x803:
                raise CheckError(f"{path}: not an IDX image file")
            if count > n:
                raise CheckError(f"{path}: {n} images, {count} asked for")
            return np.frombuffer(data, np.uint8, count * rows * cols, 16).reshape(count, rows, cols)
    raise CheckError(f"{directory}: no t10k-images-idx3-ubyte[.gz]")


def quantize_input(pixels, scale, zp):
    # real = pixel / 255, q = round(real / scale) + zp with halves away from
    # zero (x >= 0 here), in double precision as the reference does.
    x = pixels.astype(np.float64) / 255.0 / float(scale)
    q = np.floor(x) + (x - np.floor(x) >= 0.5) + zp
    return np.clip(q, -128, 127).astype(np.int8)


# --- flatbuffer ---------------------------------------------------------------

class TfliteWriter:
    """Collects tensors, buffers and operators, then serialises one subgraph."""

    def __init__(self):
        self.b = flatbuffers.Builder(1 << 20)
        self.buffers = [None]          # buffer 0: the empty buffer, by convention
        self.tensors = []              # offsets of Tensor tables
        self.ops = []                  # offsets of Operator tables
        self.opcodes = []              # builtin codes in first-use order

    def _vector(self, start, items, prepend):
        start(self.b, len(items))
        for item in reversed(items):
            prepend(item)
        return self.b.EndVector()

    def _quant(self, scales, zps, dim=0):
        scale_vec = self._vector(QuantizationParameters.StartScaleVector,
                                 [float(s) for s in scales], self.b.PrependFloat32)
        zp_vec = self._vector(QuantizationParameters.StartZeroPointVector,
                              [int(z) for z in zps], self.b.PrependInt64)
        QuantizationParameters.Start(self.b)
        QuantizationParameters.AddScale(self.b, scale_vec)
        QuantizationParameters.AddZeroPoint(self.b, zp_vec)
        QuantizationParameters.AddQuantizedDimension(self.b, dim)
        return QuantizationParameters.End(self.b)

    def tensor(self, name, shape, ttype, scales, zps, data=None, dim=0):
        buf = 0
        if data is not None:
            self.buffers.append(np.ascontiguousarray(data).tobytes())
            buf = len(self.buffers) - 1
        name_off = self.b.CreateString(name)
        shape_vec = self._vector(Tensor.StartShapeVector, list(shape), self.b.PrependInt32)
        quant = self._quant(scales, zps, dim)
        Tensor.Start(self.b)
        Tensor.AddShape(self.b, shape_vec)
        Tensor.AddType(self.b, ttype)
        Tensor.AddBuffer(self.b, buf)
        Tensor.AddName(self.b, name_off)
        Tensor.AddQuantization(self.b, quant)
        self.tensors.append(Tensor.End(self.b))
        return len(self.tensors) - 1

    def op(self, code, inputs, outputs, options_type, options):
        if code not in self.opcodes:
            self.opcodes.append(code)
        in_vec = self._vector(Operator.StartInputsVector, inputs, self.b.PrependInt32)
        out_vec = self._vector(Operator.StartOutputsVector, outputs, self.b.PrependInt32)
        Operator.Start(self.b)
        Operator.AddOpcodeIndex(self.b, self.opcodes.index(code))
        Operator.AddInputs(self.b, in_vec)
        Operator.AddOutputs(self.b, out_vec)
        Operator.AddBuiltinOptionsType(self.b, options_type)
        Operator.AddBuiltinOptions(self.b, options)
        self.ops.append(Operator.End(self.b))

    def finish(self, inputs, outputs):
        b = self.b
        tensors = self._vector(SubGraph.StartTensorsVector, self.tensors, b.PrependUOffsetTRelative)
        ops = self._vector(SubGraph.StartOperatorsVector, self.ops, b.PrependUOffsetTRelative)
        in_vec = self._vector(SubGraph.StartInputsVector, inputs, b.PrependInt32)
        out_vec = self._vector(SubGraph.StartOutputsVector, outputs, b.PrependInt32)
        SubGraph.Start(b)
        SubGraph.AddTensors(b, tensors)
        SubGraph.AddOperators(b, ops)
        SubGraph.AddInputs(b, in_vec)
        SubGraph.AddOutputs(b, out_vec)
        subgraph = SubGraph.End(b)
        codes = []
        for code in self.opcodes:
            OperatorCode.Start(b)
            OperatorCode.AddDeprecatedBuiltinCode(b, min(code, 127))
            OperatorCode.AddBuiltinCode(b, code)
            OperatorCode.AddVersion(b, 1)
            codes.append(OperatorCode.End(b))
        bufs = []
        for data in self.buffers:
            data_vec = b.CreateByteVector(data) if data else None
            Buffer.Start(b)
            if data_vec is not None:
                Buffer.AddData(b, data_vec)
            bufs.append(Buffer.End(b))
        codes_vec = self._vector(Model.StartOperatorCodesVector, codes, b.PrependUOffsetTRelative)
        subgraphs = self._vector(Model.StartSubgraphsVector, [subgraph], b.PrependUOffsetTRelative)
        bufs_vec = self._vector(Model.StartBuffersVector, bufs, b.PrependUOffsetTRelative)
        Model.Start(b)
        Model.AddVersion(b, 3)
        Model.AddOperatorCodes(b, codes_vec)
        Model.AddSubgraphs(b, subgraphs)
        Model.AddBuffers(b, bufs_vec)
        b.Finish(Model.End(b), file_identifier=b"TFL3")
        return bytes(b.Output())


def tflite_padding(layer):
    """TFLite knows VALID and SAME only; return which one the layer's padding is."""
    pads = (layer["pad_t"], layer["pad_b"], layer["pad_l"], layer["pad_r"])
    if not any(pads):
        return Padding.VALID
    same = []
    for n, k, s in ((layer["in_h"], layer["k_h"], layer["stride_h"]),
                    (layer["in_w"], layer["k_w"], layer["stride_w"])):
        out = -(-n // s)
        total = max((out - 1) * s + k - n, 0)
        same += [total // 2, total - total // 2]
    if [pads[0], pads[1], pads[2], pads[3]] == same:
        return Padding.SAME
    raise CheckError(f"layer {layer['name']}: padding {pads} is neither VALID nor SAME")


def build_tflite(layers, fc_as_conv):
    """The model as a flatbuffer. With fc_as_conv, a fully connected layer
    becomes a CONV_2D whose kernel covers its whole input (VALID padding):
    the same dot products in the same NHWC order, so the same numbers."""
    w = TfliteWriter()
    first = layers[0]
    shape = (first["in_h"], first["in_w"], first["in_c"])
    x = w.tensor("input", (1,) + shape, TensorType.INT8, [first["in_scale"]], [first["in_zp"]])
    model_input = x
    act = {0: ActivationFunctionType.NONE,
           1: ActivationFunctionType.RELU}
    for layer in layers:
        kind, name = layer["kind"], layer["name"]
        weights = layer.get("weights")
        if kind == KIND_FC and fc_as_conv:
            kind = KIND_CONV
            weights = weights.reshape((layer["out_c"],) + shape)
            layer = dict(layer, in_h=shape[0], in_w=shape[1], k_h=shape[0], k_w=shape[1],
                         stride_h=1, stride_w=1)
        if kind == KIND_FC:
            out_shape = (1, layer["out_c"])
        else:
            out_shape = (1, layer["out_h"], layer["out_w"], layer["out_c"])
        shape = (layer["out_h"], layer["out_w"], layer["out_c"])
        y = w.tensor(name, out_shape, TensorType.INT8,
                     [layer["out_scale"]], [layer["out_zp"]])
        if kind in (KIND_CONV, KIND_FC):
            oc = layer["out_c"]
            wt = w.tensor(name + "/weights", weights.shape, TensorType.INT8,
                          layer["w_scale"], [0] * oc, weights, 0)
            bias_scales = [float(np.float32(layer["in_scale"]) * s) for s in layer["w_scale"]]
            bt = w.tensor(name + "/bias", (oc,), TensorType.INT32,
                          bias_scales, [0] * oc, layer["bias"].astype("<i4"), 0)
            if kind == KIND_CONV:
                Conv2DOptions.Start(w.b)
                Conv2DOptions.AddPadding(w.b, tflite_padding(layer))
                Conv2DOptions.AddStrideW(w.b, layer["stride_w"])
                Conv2DOptions.AddStrideH(w.b, layer["stride_h"])
                Conv2DOptions.AddDilationWFactor(w.b, 1)
                Conv2DOptions.AddDilationHFactor(w.b, 1)
                Conv2DOptions.AddFusedActivationFunction(w.b, act[layer["relu"]])
                w.op(BuiltinOperator.CONV_2D, [x, wt, bt], [y],
                     BuiltinOptions.Conv2DOptions, Conv2DOptions.End(w.b))
            else:
                FullyConnectedOptions.Start(w.b)
                FullyConnectedOptions.AddFusedActivationFunction(w.b, act[layer["relu"]])
                w.op(BuiltinOperator.FULLY_CONNECTED, [x, wt, bt], [y],
                     BuiltinOptions.FullyConnectedOptions,
                     FullyConnectedOptions.End(w.b))
        elif kind in (KIND_MAXPOOL, KIND_AVGPOOL):
            Pool2DOptions.Start(w.b)
            Pool2DOptions.AddPadding(w.b, tflite_padding(layer))
            Pool2DOptions.AddStrideW(w.b, layer["stride_w"])
            Pool2DOptions.AddStrideH(w.b, layer["stride_h"])
            Pool2DOptions.AddFilterWidth(w.b, layer["k_w"])
            Pool2DOptions.AddFilterHeight(w.b, layer["k_h"])
            Pool2DOptions.AddFusedActivationFunction(w.b, act[0])
            code = BuiltinOperator.MAX_POOL_2D if kind == KIND_MAXPOOL \
                else BuiltinOperator.AVERAGE_POOL_2D
            w.op(code, [x], [y], BuiltinOptions.Pool2DOptions,
                 Pool2DOptions.End(w.b))
        else:
            raise CheckError(f"layer {name}: unknown kind {kind}")
        x = y
    return w.finish([model_input], [x])


# --- comparison ---------------------------------------------------------------

def main(argv):
    if len(argv) != 5:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    model_path, idx_dir, logits_path, count = argv[1], argv[2], argv[3], int(argv[4])
    layers = read_model(model_path)
    classes = layers[-1]["out_c"]
    with open(logits_path, "rb") as f:
        expected = np.frombuffer(f.read(), np.int8)
    if expected.size != count * classes:
        raise CheckError(f"{logits_path}: {expected.size} bytes, expected {count} x {classes}")
    expected = expected.reshape(count, classes)
    images = read_idx_images(idx_dir, count)
    inputs = [quantize_input(images[i], layers[0]["in_scale"], layers[0]["in_zp"])
              for i in range(count)]
    failed = 0
    runs = (("conv-only", True, OpResolverType.BUILTIN_REF, True),
            ("conv-only", True, OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES, False),
            ("fully-connected", False, OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES, False),
            ("fully-connected", False, OpResolverType.BUILTIN_REF, False))
    for graph, fc_as_conv, resolver, counted in runs:
        interp = Interpreter(model_content=build_tflite(layers, fc_as_conv),
                             experimental_op_resolver_type=resolver)
        interp.allocate_tensors()
        inp = interp.get_input_details()[0]
        out_index = interp.get_output_details()[0]["index"]
        mismatches = 0
        for i in range(count):
            interp.set_tensor(inp["index"], inputs[i].reshape(inp["shape"]))
            interp.invoke()
            got = interp.get_tensor(out_index).reshape(classes)
            if not np.array_equal(got, expected[i]):
                if counted and mismatches < 5:
                    c = int(np.nonzero(got != expected[i])[0][0])
                    print(f"FAIL {graph} {resolver.name}: image {i} logit {c}: "
                          f"LiteRT {int(got[c])}, reference {int(expected[i][c])}")
                mismatches += 1
        role = "checked" if counted else "information only"
        print(f"LiteRT {graph} {resolver.name} ({role}): {count - mismatches} of {count} "
              f"images with every logit equal to the reference")
        if counted:
            failed += mismatches
    print(f"{count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except CheckError as e:
        print(f"litert_check: {e}", file=sys.stderr)
        sys.exit(1)
