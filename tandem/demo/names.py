"""Hand-written name lists for the demo school, by family background.

The mix is meant to look like a diverse public school in greater Boston: the names are common in
each community, written as families in US school records usually write them (Vietnamese family
names without diacritics, some given names with them).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    girls: tuple[str, ...]
    boys: tuple[str, ...]
    surnames: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


CULTURES: dict[str, Culture] = {
    "general": Culture(
        girls=_split(
            "Emma, Olivia, Ava, Sophia, Abigail, Emily, Madison, Charlotte, Harper, Ella, Grace, "
            "Chloe, Lily, Hannah, Sarah, Claire, Nora, Molly, Caitlin, Megan, Katherine, Julia, "
            "Audrey, Elizabeth, Lauren, Rebecca, Natalie, Brooke"
        ),
        boys=_split(
            "Liam, Noah, Mason, Ethan, Logan, Lucas, Jack, Owen, Connor, Ryan, Aiden, Caleb, "
            "Henry, Wyatt, Benjamin, Samuel, Nathan, Patrick, Sean, Colin, Dylan, Tyler, Gavin, "
            "Matthew, Michael, Christopher, Nicholas, Joseph"
        ),
        surnames=_split(
            "Smith, Miller, Murphy, O'Brien, Sullivan, Kelly, Walsh, Anderson, Thompson, Clark, "
            "Lewis, Walker, Hall, Young, King, Wright, Hill, Scott, Baker, Adams, Nelson, "
            "Mitchell, Roberts, Turner, Campbell, Parker, Evans, Collins, Stewart, Murray, "
            "Fitzgerald, McCarthy, Doherty, Russo, Romano, DeLuca, Marino, Kowalski, Nowak, "
            "Papadopoulos, Olsen, Schmidt"
        ),
    ),
    "hispanic": Culture(
        girls=_split(
            "Sofía, Valentina, Camila, Isabella, Mariana, Daniela, Gabriela, Lucía, Ximena, "
            "Alejandra, Paola, Yesenia, Guadalupe, Natalia, Andrea, Jimena, Fernanda, Karla, "
            "Esperanza, Ana, Yaritza, Rosa, Leticia, Maribel"
        ),
        boys=_split(
            "Mateo, Santiago, Diego, Alejandro, José, Luis, Carlos, Juan, Miguel, Ángel, Jesús, "
            "Adrián, Emilio, Gael, Julián, Leonardo, Marco, Ricardo, Fernando, Javier, Héctor, "
            "Wilfredo, Edwin, Cristian"
        ),
        surnames=_split(
            "García, Rodríguez, Martínez, Hernández, López, González, Pérez, Sánchez, Ramírez, "
            "Torres, Flores, Rivera, Gómez, Díaz, Reyes, Morales, Cruz, Ortiz, Gutiérrez, "
            "Chávez, Ramos, Vargas, Castillo, Jiménez, Romero, Mendoza, Ruiz, Álvarez, Medina, "
            "Castro, Vásquez, Santiago, Guzmán, Peña, Rosario, Colón, Figueroa, Batista, "
            "Almonte, Polanco"
        ),
    ),
    "east_asian": Culture(
        girls=_split(
            "Mei, Jing, Xiaoling, Yiting, Ji-woo, Seo-yeon, Min-seo, Hana, Aiko, Yuki, Grace, "
            "Emily, Joy, Michelle, Vivian, Sakura, Yuna, Hye-jin"
        ),
        boys=_split(
            "Wei, Jun, Hao, Zihan, Yichen, Min-jun, Seo-jun, Ji-ho, Hiroshi, Kenji, Haruto, "
            "Daniel, Kevin, Andrew, Justin, Eric, Jason, Tae-yang"
        ),
        surnames=_split(
            "Chen, Wang, Li, Zhang, Liu, Huang, Lin, Wu, Zhou, Yang, Kim, Lee, Park, Choi, "
            "Jung, Kang, Yoon, Tanaka, Sato, Nakamura, Yamamoto, Watanabe, Wong, Chan, Leung, "
            "Cheung"
        ),
    ),
    "south_asian": Culture(
        girls=_split(
            "Priya, Ananya, Diya, Isha, Kavya, Meera, Nisha, Riya, Saanvi, Shreya, Tanvi, Zara, "
            "Nusrat, Sadia, Anjali, Pooja"
        ),
        boys=_split(
            "Aarav, Arjun, Rohan, Vikram, Aditya, Dev, Ishaan, Karan, Nikhil, Rahul, Sanjay, "
            "Vivek, Imran, Faisal, Tanvir, Rafi"
        ),
        surnames=_split(
            "Patel, Shah, Singh, Kumar, Sharma, Gupta, Desai, Mehta, Reddy, Iyer, Nair, Rao, "
            "Chowdhury, Rahman, Hossain, Khan, Malik, Qureshi, Joshi, Kapoor"
        ),
    ),
    "african_american": Culture(
        girls=_split(
            "Aaliyah, Imani, Jasmine, Kiara, Nia, Destiny, Ebony, Tiana, Jada, Kayla, Brianna, "
            "Aniyah, Zuri, Amara, Deja, Janelle, Keisha, Monique, Latoya, Tamika"
        ),
        boys=_split(
            "Jamal, DeShawn, Malik, Darnell, Terrell, Jalen, Marcus, Isaiah, Elijah, Xavier, "
            "Andre, Tyrone, Darius, Jaylen, Kendrick, Trevon, Cedric, Derrick, Maurice, Jerome"
        ),
        surnames=_split(
            "Washington, Jefferson, Jackson, Williams, Johnson, Brown, Jones, Davis, Harris, "
            "Robinson, Coleman, Banks, Freeman, Gaines, Mack, Owens, Simmons, Bryant, Holmes, "
            "Wallace, Booker, Dawson, Pierce, Tucker, Greene"
        ),
    ),
    "haitian": Culture(
        girls=_split(
            "Marie, Nadège, Fabienne, Guerline, Islande, Mirlande, Roseline, Widline, Kettly, "
            "Darline, Medjine, Naïka, Stéphanie, Vanessa, Esther"
        ),
        boys=_split(
            "Jean, Pierre, Wilson, Jacques, Frantz, Wesley, Woodley, Kervens, Peterson, Stanley, "
            "Emmanuel, Ludovic, Jonel, Ricardo, Evens"
        ),
        surnames=_split(
            "Joseph, Jean-Baptiste, Pierre, Louis, Charles, Étienne, Toussaint, Désir, Dorvil, "
            "Jean-Louis, Saint-Fleur, Augustin, Célestin, Bien-Aimé, Fils-Aimé, Laguerre, Paul, "
            "Noël"
        ),
    ),
    "somali": Culture(
        girls=_split(
            "Hodan, Amina, Fadumo, Hibaq, Ifrah, Khadra, Ladan, Nasra, Sagal, Ubah, Warsan, "
            "Ayan, Deeqa, Ikran, Sahra"
        ),
        boys=_split(
            "Abdi, Abdirahman, Ahmed, Farah, Hassan, Mohamed, Mustafa, Omar, Yusuf, Liban, Guled, "
            "Bashir, Ilyas, Mahad, Sharmarke"
        ),
        surnames=_split(
            "Abdullahi, Ali, Warsame, Farah, Hassan, Mohamud, Osman, Jama, Nur, Aden, Abdi, "
            "Ibrahim, Hussein, Egal, Samatar, Yusuf, Dahir, Hirsi, Mire, Gedi"
        ),
    ),
    "vietnamese": Culture(
        girls=_split(
            "Anh, Linh, Mai, Ngọc, Thảo, Trang, Vy, Hoa, Lan, Huong, Thu, Kim, Nhi, Quyên, Tâm"
        ),
        boys=_split(
            "Minh, Huy, Khoa, Long, Nam, Phúc, Quang, Tuấn, Bảo, Đức, Hieu, Khang, Thanh, Vinh, Duy"
        ),
        surnames=_split(
            "Nguyen, Tran, Le, Pham, Hoang, Huynh, Phan, Vu, Vo, Dang, Bui, Do, Ho, Ngo, Duong, "
            "Ly, Truong, Dinh"
        ),
    ),
    "lusophone": Culture(
        girls=_split(
            "Ana, Beatriz, Larissa, Juliana, Fernanda, Letícia, Mariana, Isadora, Thaís, Luana, "
            "Yara, Evandra, Djanira, Sónia"
        ),
        boys=_split(
            "João, Pedro, Gustavo, Lucas, Rafael, Thiago, Vinícius, Felipe, Bruno, Matheus, "
            "Caio, Leandro, Ailton, Edson"
        ),
        surnames=_split(
            "Silva, Santos, Oliveira, Souza, Pereira, Costa, Rodrigues, Almeida, Nascimento, "
            "Lima, Araújo, Fernandes, Carvalho, Gomes, Barbosa, Monteiro, Tavares, Fonseca, "
            "Lopes, Andrade"
        ),
    ),
    "arabic": Culture(
        girls=_split(
            "Layla, Noor, Mariam, Yasmin, Fatima, Huda, Rania, Salma, Amira, Dina, Lina, Hala, "
            "Reem, Sara, Zainab"
        ),
        boys=_split(
            "Omar, Youssef, Ahmad, Ali, Hamza, Karim, Khalid, Mahmoud, Mohammed, Mostafa, Samir, "
            "Tariq, Ziad, Adam, Ibrahim"
        ),
        surnames=_split(
            "Haddad, Khoury, Nasser, Saleh, Mansour, Hamdan, Aziz, Habib, Farouk, El-Sayed, "
            "Abdallah, Kassem, Darwish, Najjar, Rahim, Jaber, Suleiman, Awad, Bakr"
        ),
    ),
}

# Families who speak English at home (the rest are chosen by language, below): weights by
# background, roughly those of a diverse Boston-area district.
ENGLISH_BACKGROUNDS = {
    "general": 38,
    "african_american": 16,
    "hispanic": 14,
    "east_asian": 9,
    "south_asian": 8,
    "haitian": 5,
    "vietnamese": 4,
    "lusophone": 3,
    "somali": 2,
    "arabic": 1,
}

# Home languages Tandem has no catalog for, and the family background that goes with each, in
# the order families are given them (most common first, then round again), so even a small
# demo school has each. Their families keep English as the page language and get an interpreter.
OTHER_HOME_LANGUAGES = [
    ("Haitian Creole", "haitian"),
    ("Vietnamese", "vietnamese"),
    ("Portuguese", "lusophone"),
    ("Somali", "somali"),
    ("Arabic", "arabic"),
]

# Names a student may go by instead of the one in the record.
NICKNAMES = {
    "Alejandro": "Alex",
    "Benjamin": "Ben",
    "Katherine": "Kate",
    "Samuel": "Sam",
    "Matthew": "Matt",
    "Nathan": "Nate",
    "Elizabeth": "Liz",
    "Christopher": "Chris",
    "Nicholas": "Nick",
    "Michael": "Mike",
    "Joseph": "Joe",
    "Rebecca": "Becca",
    "Guadalupe": "Lupe",
    "Jesús": "Chuy",
    "Fernanda": "Fer",
    "Xiaoling": "Lily",
    "Yiting": "Tina",
    "Zihan": "Jason",
    "Yichen": "Eason",
    "Min-jun": "Michael",
    "Seo-yeon": "Sophie",
    "Ji-woo": "Julie",
    "Abdirahman": "Abdi",
    "Mohamed": "Mo",
    "Mohammed": "Mo",
    "Jean-Baptiste": "JB",
    "Vinícius": "Vini",
    "Isadora": "Isa",
    "Gabriela": "Gabi",
    "Valentina": "Vale",
    "Leonardo": "Leo",
    "Aditya": "Adi",
    "Anjali": "Anju",
}

# Names some students choose for themselves (often with they/them).
CHOSEN_NAMES = _split(
    "Alex, Jordan, Taylor, Riley, Avery, Quinn, Rowan, River, Sage, Kai, Jules, Emerson, "
    "Skyler, Charlie, Ari, Remy, Phoenix, Sky"
)


STREETS = _split(
    "Elm St, Oak Ave, Maple St, Chestnut St, River Rd, Washington St, Centre St, Highland Ave, "
    "Pleasant St, Summer St, Winter St, Prospect St, Park Ave, Lincoln St, Walnut St, "
    "Harvard St, Broadway, Spring St, School St, Union St, Columbia Rd, Blue Hill Ave, "
    "Dorchester Ave, Hyde Park Ave, Beacon St, Cambridge St, Franklin St, Adams St"
)

# Real area codes of the Boston area, then of the rest of the US (families keep old numbers).
# Only the 555-01XX exchange is used: NANPA reserves it for fiction, so no real phone rings.
# fmt: off
AREA_CODES = (
    617, 857, 781, 339, 508, 774, 978, 351, 413, 603, 401, 860, 203, 207, 802, 212, 718, 347,
    646, 917, 516, 631, 914, 973, 201, 215, 267, 412, 202, 301, 410, 703, 571, 305, 786, 954,
    407, 404, 678, 770, 704, 919, 843, 615, 901, 312, 773, 313, 614, 216, 317, 414, 612, 651,
    314, 816, 713, 281, 832, 214, 972, 512, 210, 602, 480, 702, 303, 801, 505, 206, 425, 503,
    415, 510, 408, 650, 916, 213, 310, 323, 818, 626, 714, 949, 619, 858, 808, 907, 504, 225,
    318, 502, 859, 304, 240, 443, 757, 804, 540, 336, 252, 910, 864, 706, 912, 850, 727, 813,
)
# fmt: on
