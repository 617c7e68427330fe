package io.wasmjava.teavm;

import org.teavm.ast.ConstantExpr;
import org.teavm.ast.Expr;
import org.teavm.ast.InvocationExpr;
import org.teavm.backend.wasm.WasmHeap;
import org.teavm.backend.wasm.intrinsics.WasmIntrinsic;
import org.teavm.backend.wasm.intrinsics.WasmIntrinsicManager;
import org.teavm.backend.wasm.model.WasmLocal;
import org.teavm.backend.wasm.model.WasmType;
import org.teavm.backend.wasm.model.expression.WasmBlock;
import org.teavm.backend.wasm.model.expression.WasmExpression;
import org.teavm.backend.wasm.model.expression.WasmGetLocal;
import org.teavm.backend.wasm.model.expression.WasmInt32Constant;
import org.teavm.backend.wasm.model.expression.WasmInt32Subtype;
import org.teavm.backend.wasm.model.expression.WasmIntBinary;
import org.teavm.backend.wasm.model.expression.WasmIntBinaryOperation;
import org.teavm.backend.wasm.model.expression.WasmIntType;
import org.teavm.backend.wasm.model.expression.WasmLoadInt32;
import org.teavm.backend.wasm.model.expression.WasmSetLocal;
import org.teavm.backend.wasm.model.expression.WasmStoreInt32;
import org.teavm.model.FieldReference;
import org.teavm.model.MethodReference;

/**
 * Emits the shadow-stack frame allocation inline. TeaVM opens a frame in every method that keeps object references
 * across a call (the collector finds its roots there) with a call to {@code WasmRuntime.allocStack(size)}, a function
 * of four instructions; V8 does not inline Wasm calls, and that call was the single largest item in V8 profiles of the
 * SDK's request path (10–17 % of a request). The same instructions in place: {@code frame = stack + 4;
 * stack = frame + size * 4 + 4; store size at stack;} result {@code frame}, exactly what the runtime function does
 * (TeaVM 0.13.1 {@code org.teavm.backend.wasm.WasmRuntime#allocStack}).
 */
final class InlineStackFrames implements WasmIntrinsic {
    private static final String RUNTIME = "org.teavm.backend.wasm.WasmRuntime";

    @Override
    public boolean isApplicable(MethodReference method) {
        return method.getClassName().equals(RUNTIME) && method.getName().equals("allocStack")
                && method.parameterCount() == 1;
    }

    @Override
    public WasmExpression apply(InvocationExpr invocation, WasmIntrinsicManager manager) {
        int stackField = manager.getStaticField(new FieldReference(WasmHeap.class.getName(), "stack"));
        Expr sizeArgument = invocation.getArguments().get(0);
        WasmLocal frame = manager.getTemporary(WasmType.INT32);
        WasmBlock block = new WasmBlock(false);
        block.setType(WasmType.INT32.asBlock());
        block.getBody().add(new WasmSetLocal(frame, add(
                new WasmLoadInt32(4, new WasmInt32Constant(stackField), WasmInt32Subtype.INT32),
                new WasmInt32Constant(4))));
        // The frame's end, frame + size * 4 + 4, holds the frame's root count and is the new top of the stack.
        if (sizeArgument instanceof ConstantExpr constant && constant.getValue() instanceof Integer size) {
            // What TeaVM's shadow-stack transformer always passes: fold the end into store offsets.
            int endOffset = size * 4 + 4;
            block.getBody().add(new WasmStoreInt32(4, new WasmGetLocal(frame), new WasmInt32Constant(size),
                    WasmInt32Subtype.INT32, endOffset));
            block.getBody().add(new WasmStoreInt32(4, new WasmInt32Constant(stackField),
                    add(new WasmGetLocal(frame), new WasmInt32Constant(endOffset)), WasmInt32Subtype.INT32));
        } else {
            WasmLocal count = manager.getTemporary(WasmType.INT32);
            WasmLocal end = manager.getTemporary(WasmType.INT32);
            block.getBody().add(new WasmSetLocal(count, manager.generate(sizeArgument)));
            block.getBody().add(new WasmSetLocal(end, add(new WasmGetLocal(frame), add(
                    new WasmIntBinary(WasmIntType.INT32, WasmIntBinaryOperation.SHL, new WasmGetLocal(count),
                            new WasmInt32Constant(2)), new WasmInt32Constant(4)))));
            block.getBody().add(new WasmStoreInt32(4, new WasmGetLocal(end), new WasmGetLocal(count),
                    WasmInt32Subtype.INT32));
            block.getBody().add(new WasmStoreInt32(4, new WasmInt32Constant(stackField), new WasmGetLocal(end),
                    WasmInt32Subtype.INT32));
            manager.releaseTemporary(end);
            manager.releaseTemporary(count);
        }
        block.getBody().add(new WasmGetLocal(frame));
        manager.releaseTemporary(frame);
        return block;
    }

    private static WasmExpression add(WasmExpression left, WasmExpression right) {
        return new WasmIntBinary(WasmIntType.INT32, WasmIntBinaryOperation.ADD, left, right);
    }
}
