;; A proxy-wasm module that traps (unreachable) in proxy_on_request_headers when a request has more than 15
;; headers, and lets every other request through. The devserver tests use it to make one request trap.
;; Rebuild with: wat2wasm trap-on-many-headers.wat -o trap-on-many-headers.wasm
(module
  (memory (export "memory") 1)
  (func (export "proxy_on_memory_allocate") (param i32) (result i32) (i32.const 1024))
  (func (export "proxy_on_context_create") (param i32 i32))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_request_headers") (param $context i32) (param $headers i32) (param $end i32) (result i32)
    (if (i32.gt_u (local.get $headers) (i32.const 15))
      (then unreachable))
    (i32.const 0))
)
