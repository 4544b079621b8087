module litellm.bench/report

go 1.19
