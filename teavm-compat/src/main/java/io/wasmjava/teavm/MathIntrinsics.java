package io.wasmjava.teavm;

import org.teavm.ast.InvocationExpr;
import org.teavm.backend.wasm.intrinsics.WasmIntrinsic;
import org.teavm.backend.wasm.intrinsics.WasmIntrinsicManager;
import org.teavm.backend.wasm.model.expression.WasmExpression;
import org.teavm.backend.wasm.model.expression.WasmFloatType;
import org.teavm.backend.wasm.model.expression.WasmFloatUnary;
import org.teavm.backend.wasm.model.expression.WasmFloatUnaryOperation;
import org.teavm.model.MethodReference;

/**
 * Emits {@code Math.sqrt/floor/ceil/rint(double)} as single Wasm instructions; TeaVM would otherwise import them
 * from {@code teavmMath}, which proxy-wasm hosts do not provide.
 */
final class MathIntrinsics implements WasmIntrinsic {
    @Override
    public boolean isApplicable(MethodReference method) {
        return method.getClassName().equals("java.lang.Math")
                && method.getDescriptor().toString().endsWith("(D)D")
                && operation(method.getName()) != null;
    }

    @Override
    public WasmExpression apply(InvocationExpr invocation, WasmIntrinsicManager manager) {
        return new WasmFloatUnary(WasmFloatType.FLOAT64, operation(invocation.getMethod().getName()),
                manager.generate(invocation.getArguments().get(0)));
    }

    private static WasmFloatUnaryOperation operation(String name) {
        switch (name) {
            case "sqrt":
                return WasmFloatUnaryOperation.SQRT;
            case "floor":
                return WasmFloatUnaryOperation.FLOOR;
            case "ceil":
                return WasmFloatUnaryOperation.CEIL;
            case "rint":
                return WasmFloatUnaryOperation.NEAREST;
            default:
                return null;
        }
    }
}
