print("campaign-server: not yet")
