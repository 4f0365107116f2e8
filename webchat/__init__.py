"""The web chat's parts: rendering answers, the documents panel, start-up checks and progress, ratings."""
