module litellm.bench/scale/host_go

go 1.19
