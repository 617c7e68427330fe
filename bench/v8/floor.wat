;; The host floor for bench/v8: the least a proxy-wasm plugin can do per request. Its request-headers callback
;; fetches the request header map once (what every SDK does before a plugin sees a header) and continues; the
;; allocator hands out one reusable block. Build: wat2wasm floor.wat -o floor.wasm (Debian package wabt).
(module
  (import "env" "proxy_get_header_map_pairs" (func $pairs (param i32 i32 i32) (result i32)))
  (memory (export "memory") 2)
  ;; Header maps up to 60 KiB fit the one block at 4096; the out-parameters live at 0 and 4.
  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (if (result i32) (i32.gt_u (local.get $size) (i32.const 61440))
      (then (i32.const 0))
      (else (i32.const 4096))))
  (func (export "proxy_abi_version_0_2_1"))
  (func (export "proxy_on_context_create") (param i32 i32))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_request_headers") (param i32 i32 i32) (result i32)
    (drop (call $pairs (i32.const 0) (i32.const 0) (i32.const 4)))
    (i32.const 0))
  (func (export "proxy_on_response_headers") (param i32 i32 i32) (result i32) (i32.const 0))
  (func (export "proxy_on_done") (param i32) (result i32) (i32.const 1))
  (func (export "proxy_on_log") (param i32))
  (func (export "proxy_on_delete") (param i32)))
