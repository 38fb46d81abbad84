/// Surveys a district can start from. Their question keys stay the same from year to year, so
/// this fall's survey compares with the spring's and one district's with its network's.
public enum SurveyTemplate: String, CaseIterable, Sendable, Codable {
    case studentExperience
    case partner

    public var title: String {
        switch self {
        case .studentExperience: "Student experience survey"
        case .partner: "Partner survey"
        }
    }

    public var intro: String {
        switch self {
        case .studentExperience: "Tell us how your work-based learning is going this year. It takes about five minutes."
        case .partner: "Tell us how working with our students went, and what would make it better."
        }
    }

    public var definition: SurveyDefinition {
        switch self {
        case .studentExperience:
            SurveyDefinition(sections: [
                SurveySection(title: "Your work this year", questions: [
                    SurveyQuestion(key: "belong", prompt: "I feel I belong on my team or at my worksite.", kind: .likert, required: true),
                    SurveyQuestion(key: "adult", prompt: "There is an adult at work I can go to for help.", kind: .likert, required: true),
                    SurveyQuestion(key: "skills", prompt: "I am learning skills I will use in a career.", kind: .likert, required: true),
                    SurveyQuestion(key: "experiences", prompt: "Which did you do this year?",
                                   kind: .multipleChoice(["Paid work on a project team", "An internship or other placement", "A job shadow or career fair",
                                                          "A credential or certification", "None of these"])),
                    SurveyQuestion(key: "hours", prompt: "About how many hours a week do you spend on it?", kind: .number(minimum: 0, maximum: 40)),
                ]),
                SurveySection(title: "After high school", questions: [
                    SurveyQuestion(key: "plan", prompt: "What do you plan to do after high school?",
                                   kind: .singleChoice(["A 4-year college", "A 2-year college", "An apprenticeship", "A job", "The military", "Not sure yet"]),
                                   required: true),
                    SurveyQuestion(key: "aid", prompt: "I know how to apply for financial aid (FAFSA or WASFA).", kind: .likert),
                    SurveyQuestion(key: "better", prompt: "What would make this program better for you?", kind: .openText),
                ]),
            ])
        case .partner:
            SurveyDefinition(sections: [
                SurveySection(title: "Working with our students", questions: [
                    SurveyQuestion(key: "prepared", prompt: "Students arrived prepared for the work.", kind: .likert, required: true),
                    SurveyQuestion(key: "quality", prompt: "The work students did was useful to us.", kind: .likert, required: true),
                    SurveyQuestion(key: "support", prompt: "The district supported us well.", kind: .likert, required: true),
                    SurveyQuestion(key: "again", prompt: "Would you host students again?", kind: .singleChoice(["Yes", "Maybe", "No"]), required: true),
                    SurveyQuestion(key: "students", prompt: "How many students did you work with this year?", kind: .number(minimum: 0, maximum: 500)),
                    SurveyQuestion(key: "better", prompt: "What should we change?", kind: .openText),
                ]),
            ])
        }
    }
}
