#!/usr/bin/env python3
"""gen.py N SEED OUT_DIR: a deterministic university for the import
benchmark: courses.csv (200 courses in 10 faculties) and students.csv (N
students in the import format, with names, quoted cells, languages and
completed years). The same N and SEED always give the same bytes."""
import random
import sys

n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
given = ["Ada", "Bo", "Chidi", "Daniela", "Emre", "Fatima", "Giulia", "Hiroshi",
         "Ife", "Jonas", "Kavya", "Liam", "Mei", "Nadia", "Olu", "Priya",
         "Quentin", "Rosa", "Siddharth", "Tomasz", "Uma", "Wei", "Yusuf", "Zara"]
family = ["Okafor", "Li", "Nguyen", "Smith", "Garcia", "Kowalski", "Haddad",
          "Tanaka", "Mensah", "O'Brien", "Singh", "Rossi", "Müller", "Jones",
          "Ahmed", "Kim", "Silva", "Evans", "Popescu", "Yilmaz"]
countries = ["GB"] * 12 + ["CN", "IN", "NG", "US", "MY", "DE", "FR", "IT", "PK",
                           "VN", "BR", "GR", "ES", "IE"]
langs = {"GB": "en", "CN": "zh", "IN": "hi", "NG": "yo", "US": "en",
         "MY": "ms", "DE": "de", "FR": "fr", "IT": "it", "PK": "ur",
         "VN": "vi", "BR": "pt", "GR": "el", "ES": "es", "IE": "ga"}
levels = ["undergraduate"] * 6 + ["postgraduate_taught", "research", "foundation"]

with open(f"{out}/courses.csv", "w", newline="") as f:
    f.write("code,title,faculty_code,faculty_name,level,years,campus\r\n")
    courses = []
    for i in range(200):
        fac = i % 10
        level = levels[i % len(levels)]
        years = {"undergraduate": 3 + i % 2, "postgraduate_taught": 1,
                 "research": 4, "foundation": 1}[level]
        code = f"C{i:03d}"
        courses.append((code, years))
        f.write(f"{code},\"Course {i}, {level}\",F{fac},Faculty {fac},"
                f"{level},{years},Campus {fac % 3}\r\n")

with open(f"{out}/students.csv", "w", newline="") as f:
    f.write("student_number,legal_name,preferred_name,pronouns,"
            "university_email,personal_email,course_code,year_of_study,"
            "study_mode,status,graduated_on,home_country,fee_status,campus,"
            "languages,completed_years\r\n")
    for i in range(n):
        g, fam = rng.choice(given), rng.choice(family)
        code, years = rng.choice(courses)
        year = rng.randint(1, years)
        country = rng.choice(countries)
        first = langs.get(country, "en")
        languages = first + "*" + (";en" if first != "en" else "")
        done = ";".join(f"{2024 - year + k}/{(2025 - year + k) % 100:02d}:"
                        f"{k + 1}:progressed" for k in range(year - 1))
        status = "enrolled" if rng.random() < 0.95 else "interrupted"
        pronouns = rng.choice(["", "she/her", "he/him", "they/them"])
        f.write(f"{2400000 + i},\"{fam}, {g}\",{g},{pronouns},"
                f"s{2400000 + i}@uni.example.ac.uk,,{code},{year},"
                f"{'full_time' if rng.random() < 0.9 else 'part_time'},"
                f"{status},,{country},"
                f"{'home' if country == 'GB' else 'international'},"
                f"Campus {rng.randint(0, 2)},{languages},{done}\r\n")
