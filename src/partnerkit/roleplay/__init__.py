"""Role-play exercises: scenario packs, the scripted client, role cards and the observer board."""
