module example.invalid/mmf/bindings/go

go 1.22
