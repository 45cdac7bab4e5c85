"""Where sentences start and end: layout into runs, boundary rules over pysbd, long sentences cut."""
