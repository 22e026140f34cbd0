"""The contract's example post, as the YAML loader hands it over."""

import datetime as dt

CONTRACT_EXAMPLE = {
    "training": [
        {"date": dt.date(2024, 4, 15), "type": "easy", "distance": "6 km", "time": "34:30", "hr": 151,
         "effort": 7, "shoes": "Pegasus 40", "notes": "calves tight from the first kilometre"},
        {"date": dt.date(2024, 4, 17), "activity": "cycle", "distance": "20 km", "time": "55min"},
    ],
    "stretches": [
        {"name": "calf stretch against a wall", "muscle": "calves", "side": "both", "hold": "30s", "sets": 3},
        {"name": "standing hamstring stretch", "muscle": "hamstrings", "hold": "45s"},
    ],
    "treatments": [
        {"date": dt.date(2024, 4, 16), "kind": "sports massage", "provider": "West End Physios",
         "duration": "1h", "cost": "£45", "areas": ["calves"]},
    ],
    "soreness": [{"area": "calves", "score": 3, "notes": "no pain on the stairs"}],
}
