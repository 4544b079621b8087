module example.com/litellm-go-example

go 1.19

require github.com/liblitellm/litellm-go v0.0.0-00010101000000-000000000000

replace github.com/liblitellm/litellm-go => ../../bindings/go
