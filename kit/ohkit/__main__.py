from ohkit.cli import main

main()
