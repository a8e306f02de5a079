/** Model files: safetensors weights plus a JSON configuration, checked on load. */
package dev.rectifier.model;
