module github.com/liblitellm/litellm-go

go 1.19
