//! The tokenizer through the command line: `kg train tokenizer`.

#[test]
fn kg_train_tokenizer_writes_the_three_lists() {
    let dir = tempfile::tempdir().expect("temp dir");
    let train = dir.path().join("train.conllu");
    std::fs::write(
        &train,
        "# text = Mr. Li gonna go\n\
1\tMr.\t_\t_\t_\t_\t0\troot\t_\t_\n\
2\tLi\t_\t_\t_\t_\t1\tx\t_\t_\n\
3-4\tgonna\t_\t_\t_\t_\t_\t_\t_\t_\n\
3\tgon\t_\t_\t_\t_\t1\tx\t_\t_\n\
4\tna\t_\t_\t_\t_\t3\tx\t_\t_\n\
5\tgo\t_\t_\t_\t_\t3\tx\t_\t_\n\n\
# text = gonna\n\
1-2\tgonna\t_\t_\t_\t_\t_\t_\t_\t_\n\
1\tgon\t_\t_\t_\t_\t0\troot\t_\t_\n\
2\tna\t_\t_\t_\t_\t1\tx\t_\t_\n\n",
    )
    .expect("write");
    let out = dir.path().join("lists");
    let status = std::process::Command::new(crate::common::kg_bin())
        .args(["train", "tokenizer", "--train"])
        .arg(&train)
        .arg("--out-dir")
        .arg(&out)
        .status()
        .expect("run kg");
    assert!(status.success());
    let read = |f: &str| std::fs::read_to_string(out.join(f)).expect(f);
    assert_eq!(read("abbreviations.txt"), "mr.\n");
    assert_eq!(read("contractions.txt"), "gonna\tgon na\n");
    assert_eq!(read("hyphen_whole.txt"), "");

    let missing = std::process::Command::new(crate::common::kg_bin())
        .args(["train", "tokenizer", "--train"])
        .arg(dir.path().join("absent.conllu"))
        .arg("--out-dir")
        .arg(&out)
        .output()
        .expect("run kg");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("absent.conllu"));
}
