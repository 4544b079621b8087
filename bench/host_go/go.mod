module litellm.bench/host_go

go 1.19
