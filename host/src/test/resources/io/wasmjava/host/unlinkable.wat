;; Imports one function hosts do not provide and one with the wrong signature.
;; Rebuild with: wat2wasm unlinkable.wat -o unlinkable.wasm
(module
  (import "env" "proxy_teleport" (func (param i32) (result i32)))
  (import "env" "proxy_log" (func (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "proxy_on_memory_allocate") (param i32) (result i32) (i32.const 0))
  (func (export "proxy_on_context_create") (param i32 i32))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param i32 i32) (result i32) (i32.const 1))
)
