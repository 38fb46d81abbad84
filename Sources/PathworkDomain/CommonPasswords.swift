/// Passwords of eight or more characters that appear at the top of the yearly most-common-
/// password lists (SplashData/NordPass reports, the UK NCSC's analysis of the Have I Been
/// Pwned corpus). Shorter ones are already refused by the length rule.
enum CommonPasswords {
    static let list: Set<String> = [
        "password", "password1", "password12", "password123", "password1234", "passw0rd",
        "p@ssw0rd", "p@ssword", "pa$$word", "12345678", "123456789", "1234567890", "0123456789",
        "11111111", "00000000", "87654321", "12341234", "11223344", "12344321", "123123123",
        "123456789a", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "qwertyui", "qwertyuiop",
        "qwerty123", "qwerty12", "qwerty1234", "q1w2e3r4", "q1w2e3r4t5", "asdfghjk", "asdfghjkl",
        "zxcvbnm1", "iloveyou", "iloveyou1", "sunshine", "sunshine1", "princess", "princess1",
        "football", "football1", "baseball", "baseball1", "basketball", "welcome1", "welcome123",
        "superman", "batman123", "trustno1", "starwars", "whatever", "computer", "internet",
        "michelle", "jennifer", "jordan23", "liverpool", "chocolate", "butterfly", "charlie1",
        "mercedes", "corvette", "mustang1", "shadow12", "master12", "letmein1", "letmein123",
        "changeme", "changeme1", "abcd1234", "abc12345", "abcdefgh", "aa123456", "a1234567",
        "admin123", "administrator", "default1", "secret12", "loveyou1", "dragon12", "monkey12",
        "pokemon1", "minecraft", "fortnite", "samsung1", "google123", "zaq12wsx", "!qaz2wsx",
        "qazwsxedc", "1qazxsw2", "password!", "student1", "student123", "teacher1", "school123",
        "demo1234", "test1234", "testing1", "pathwork", "pathwork1",
    ]
}
