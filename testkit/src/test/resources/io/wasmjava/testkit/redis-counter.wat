;; A hand-written proxy-wasm plugin for testing the Redis bridge in Wasm mode; RedisBridgeJvmTest runs the same plugin
;; written in Java. Configure: proxy_redis_init(outbound|6379||redis.static?db=2&..., password "s3cret", 1000 ms).
;; Request headers: INCR hits, pause. Redis response: add request header x-redis-reply with the reply minus its final
;; \r\n (or "failed" for a non-zero status), resume. Rebuild with: wat2wasm redis-counter.wat -o redis-counter.wasm
(module
  (import "env" "proxy_redis_init" (func $redis_init (param i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_redis_call" (func $redis_call (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_get_buffer_bytes" (func $get_buffer (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_add_header_map_value" (func $add_header (param i32 i32 i32 i32 i32) (result i32)))
  (import "env" "proxy_set_effective_context" (func $set_effective (param i32) (result i32)))
  (import "env" "proxy_continue_stream" (func $continue (param i32) (result i32)))

  (memory (export "memory") 1)

  ;; 32/36: out-parameters (pointer, size)   44: token   512 + 4 * (token >> 2): the stream that made the call
  ;; 64: the init cluster (89 bytes; the bare name is its first 27)   200: "s3cret"
  ;; 220: *2\r\n$4\r\nincr\r\n$4\r\nhits\r\n (24 bytes)   260: "x-redis-reply"   280: "failed"
  (data (i32.const 64) "outbound|6379||redis.static?db=2&buffer_flush_timeout=3&max_buffer_size_before_flush=1024")
  (data (i32.const 200) "s3cret")
  (data (i32.const 220) "*2\0d\0a$4\0d\0aincr\0d\0a$4\0d\0ahits\0d\0a")
  (data (i32.const 260) "x-redis-reply")
  (data (i32.const 280) "failed")

  (global $heap (mut i32) (i32.const 1024))

  (func (export "proxy_on_memory_allocate") (param $size i32) (result i32)
    (local $block i32)
    (local.set $block (global.get $heap))
    (global.set $heap (i32.add (global.get $heap) (i32.and (i32.add (local.get $size) (i32.const 7)) (i32.const -8))))
    (local.get $block))

  (func (export "proxy_abi_version_0_2_1"))
  (func (export "_start"))
  (func (export "proxy_on_context_create") (param i32 i32))
  (func (export "proxy_on_vm_start") (param i32 i32) (result i32) (i32.const 1))
  (func (export "proxy_on_configure") (param i32 i32) (result i32)
    (i32.eqz (call $redis_init (i32.const 64) (i32.const 89) (i32.const 0) (i32.const 0) (i32.const 200) (i32.const 6)
      (i32.const 1000))))

  (func $stream_slot (param $token i32) (result i32)
    (i32.add (i32.const 512) (i32.shl (i32.shr_u (local.get $token) (i32.const 2)) (i32.const 2))))

  (func (export "proxy_on_request_headers") (param $context i32) (param i32 i32) (result i32)
    (if (call $redis_call (i32.const 64) (i32.const 27) (i32.const 220) (i32.const 24) (i32.const 44))
      (then (return (i32.const 0))))
    (i32.store (call $stream_slot (i32.load (i32.const 44))) (local.get $context))
    ;; StopIteration until the reply arrives.
    (i32.const 1))

  (func (export "proxy_on_redis_call_response") (param i32) (param $token i32) (param $status i32) (param $size i32)
    (drop (call $set_effective (i32.load (call $stream_slot (local.get $token)))))
    (if (i32.eqz (local.get $status))
      (then
        (drop (call $get_buffer (i32.const 9) (i32.const 0) (local.get $size) (i32.const 32) (i32.const 36)))
        (drop (call $add_header (i32.const 0) (i32.const 260) (i32.const 13)
          (i32.load (i32.const 32)) (i32.sub (i32.load (i32.const 36)) (i32.const 2)))))
      (else
        (drop (call $add_header (i32.const 0) (i32.const 260) (i32.const 13) (i32.const 280) (i32.const 6)))))
    (drop (call $continue (i32.const 0))))
)
