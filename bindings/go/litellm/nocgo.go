//go:build !cgo

package litellm

// The binding calls liblitellm through cgo, so without cgo (CGO_ENABLED=0, the default
// when cross-compiling, and from Go 1.20 on when no C compiler is found) there is
// nothing to build: litellm.go and callback.go are left out, and the importing package
// would only see "undefined: litellm.NewClient". This undefined name makes the build
// of the package itself fail with a message that says what is missing.
var _ = litellm_binding_requires_cgo__build_with_CGO_ENABLED_1_a_C_compiler_and_pkg_config_finding_litellm
