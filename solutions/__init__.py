"""Reference solutions to the exercises, one module per lesson. Try the exercise first!"""
