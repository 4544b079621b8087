module litellm.bench/scale/report

go 1.19
