package dev.procbook.kernel;

/** Thrown when a cell asks for input but the front end does not allow stdin (nbconvert, a headless run). */
public final class StdinNotAllowedException extends RuntimeException {

    private final String prompt;

    public StdinNotAllowedException(String prompt) {
        super("input(\"" + prompt + "\") cannot be answered: this front end does not allow stdin "
                + "(allow_stdin=false, as when nbconvert runs a notebook headless); "
                + "give a default for headless runs: input(prompt, defaultAnswer)");
        this.prompt = prompt;
    }

    public String prompt() {
        return prompt;
    }
}
