module org.example.bad {
    requires org.parallel4j;
}
