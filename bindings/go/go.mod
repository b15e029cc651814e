module example.invalid/mmf

go 1.22
