module example.invalid/mmf/bench

go 1.26.0

require (
	example.invalid/mmf v0.0.0
	github.com/edsrzf/mmap-go v1.2.0
	golang.org/x/exp v0.0.0-20261014143641-f0251eb4aa3e
)

require golang.org/x/sys v0.0.0-20211216021012-1d35b9e2eb4e // indirect

replace example.invalid/mmf => ../
