/** A plugin started from the wasm-java plugin template: sets a configured request header. */
package com.example.myplugin;
