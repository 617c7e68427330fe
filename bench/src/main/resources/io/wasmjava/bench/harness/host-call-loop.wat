;; A proxy-wasm module whose proxy_on_tick(n) makes n host calls and nothing else: HostCallCost divides its time by n.
;; proxy_get_log_level is the cheapest call that still crosses into the host and writes guest memory.
;; Rebuild with: wat2wasm host-call-loop.wat -o host-call-loop.wasm
(module
  (import "env" "proxy_get_log_level" (func $log_level (param i32) (result i32)))
  (memory (export "memory") 1 1)
  (func (export "proxy_on_memory_allocate") (param i32) (result i32) (i32.const 0))
  (func (export "proxy_on_context_create") (param i32 i32))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_tick") (param $n i32)
    (loop $again
      (drop (call $log_level (i32.const 16)))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))
