;; A proxy-wasm module whose memory has a maximum, as TeaVM declares one (on V8 its buffer is resizable and keeps its
;; address when the memory grows). Rebuild with: wat2wasm bounded-memory.wat -o bounded-memory.wasm
(module
  (import "env" "proxy_log" (func $log (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1 4)
  (func (export "proxy_on_memory_allocate") (param i32) (result i32) (i32.const 0))
  (func (export "proxy_on_context_create") (param i32 i32))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))
  ;; As abi-probe.wat's probe_grow_then_log.
  (func (export "probe_grow_then_log") (result i32)
    (local $page i32)
    (local.set $page (i32.mul (memory.grow (i32.const 1)) (i32.const 65536)))
    (i32.store (local.get $page) (i32.const 0x776f7267))
    (i32.store8 (i32.add (local.get $page) (i32.const 4)) (i32.const 0x6e))
    (call $log (i32.const 2) (local.get $page) (i32.const 5)))
  (func (export "probe_log_past_end") (result i32)
    (call $log (i32.const 2) (i32.const 196600) (i32.const 100)))
)
