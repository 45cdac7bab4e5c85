"""What a newsreader says: written tokens turned into spoken words, by rules over data tables."""
